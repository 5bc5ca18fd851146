import { Form, Link } from '@remix-run/react';
import type { BalanceStatus } from '#app/domain/payments/ledger.ts';
import type {
  HouseholdView,
  PartView,
  paymentViews,
  refundViews,
  shareView,
  transferViews,
} from '#app/models/payment-views.server.ts';
import { FormErrors } from './forms.tsx';

type PaymentView = ReturnType<typeof paymentViews>[number];
type RefundView = ReturnType<typeof refundViews>[number];
type TransferView = ReturnType<typeof transferViews>[number];
type ShareView = ReturnType<typeof shareView>;

const STATUS_CLASS: Record<BalanceStatus, string> = {
  nothing_due: 'payment-status muted',
  unpaid: 'payment-status payment-status-unpaid',
  partial: 'payment-status payment-status-partial',
  paid: 'payment-status payment-status-paid',
  overpaid: 'payment-status payment-status-overpaid',
};

export function PaymentStatus({ status, label }: { status: BalanceStatus; label: string }) {
  return <span className={STATUS_CLASS[status]}>{label}</span>;
}

export const ONLINE_OFF_TEXT =
  'Paiement en ligne désactivé sur cette installation (pas de clés Stripe) : réglez à la livraison (espèces, chèque) ou par virement.';

export function OnlineOffNotice() {
  return (
    <p className="hint" role="note">
      {ONLINE_OFF_TEXT}
    </p>
  );
}

function PartRows({ parts }: { parts: readonly PartView[] }) {
  return (
    <>
      {parts.map((part) => (
        <tr key={part.producerId}>
          <th scope="row">{part.producer}</th>
          <td>
            {part.due}
            <br />
            <small className="muted">
              {part.basis}
              {part.isEstimate ? ' — poids estimés' : ''}
              {part.invoices.length > 0 ? ` — ${part.invoices.join(', ')}` : ''}
            </small>
            {part.problem ? <small className="error"> {part.problem}</small> : null}
          </td>
          <td>
            {part.paid}
            {part.pending ? <small className="muted"> (+ {part.pending} en cours)</small> : null}
          </td>
          <td>{part.refunded}</td>
          <td>
            <PaymentStatus status={part.status} label={part.statusLabel} />{' '}
            {part.balanceCents > 0 ? `reste ${part.balance}` : null}
            {part.balanceCents < 0 ? `à rembourser ${part.balance}` : null}
          </td>
        </tr>
      ))}
    </>
  );
}

/** A household's own share of a sheet, and how to pay it. */
export function ShareCard({ share, errors }: { share: ShareView; errors?: string[] }) {
  const { household, online } = share;
  if (!household) {
    return <p className="muted">Votre foyer n’a rien commandé sur cette feuille.</p>;
  }
  return (
    <section className="card stack" aria-labelledby="share-title">
      <h3 id="share-title">
        Votre part — foyer {household.name}{' '}
        <PaymentStatus status={household.status} label={household.statusLabel} />
      </h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Producteur</th>
            <th scope="col">Montant</th>
            <th scope="col">Payé</th>
            <th scope="col">Remboursé</th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          <PartRows parts={household.parts} />
        </tbody>
      </table>
      <p>
        <strong>Reste à payer : {household.toPay}</strong>
        {household.toRefundCents > 0 ? ` · à vous rembourser : ${household.toRefund}` : ''}
      </p>
      <FormErrors id="pay-errors" errors={errors} />
      {!share.isPayable ? (
        <p className="hint">Les paiements de cette feuille ne sont pas encore ouverts.</p>
      ) : household.toPayCents > 0 ? (
        <>
          {!online.isEnabled ? (
            <OnlineOffNotice />
          ) : online.plan ? (
            <Form method="post" className="stack">
              <p>Paiement par carte (Stripe) :</p>
              <ul>
                {online.plan.lines.map((line) => (
                  <li key={line.producer}>
                    {line.producer} : {line.amount}, versé directement au producteur
                  </li>
                ))}
                {online.plan.fee ? (
                  <li>Frais de paiement en ligne : {online.plan.fee} (non remboursables)</li>
                ) : null}
              </ul>
              {online.plan.offline.length > 0 ? (
                <p className="hint">
                  Sans paiement en ligne, à régler à la livraison ou par virement :{' '}
                  {online.plan.offline
                    .map((line) => `${line.producer} (${line.amount})`)
                    .join(', ')}
                  .
                </p>
              ) : null}
              <button type="submit" name="intent" value="pay">
                Payer {online.plan.total} par carte
              </button>
            </Form>
          ) : (
            <p className="hint">{online.refusal}</p>
          )}
          {share.transfers.length > 0 ? (
            <div>
              <p>Par virement bancaire, un virement par producteur avec votre référence :</p>
              <ul>
                {share.transfers.map((transfer) => (
                  <li key={transfer.producer}>
                    {transfer.producer} : {transfer.amount} à {transfer.holder}, IBAN{' '}
                    <code>{transfer.iban}</code>
                    {transfer.bic ? (
                      <>
                        , BIC <code>{transfer.bic}</code>
                      </>
                    ) : null}
                    , référence <strong>{transfer.reference}</strong>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <p className="hint">
            Vous pouvez aussi régler à la livraison (espèces ou chèque) : le coordinateur ou le
            producteur l’enregistre.
          </p>
        </>
      ) : null}
      {share.payments.length > 0 ? (
        <PaymentsList payments={share.payments} title="Vos paiements" />
      ) : null}
      {share.refunds.length > 0 ? (
        <RefundsList refunds={share.refunds} title="Vos remboursements" />
      ) : null}
    </section>
  );
}

/** Who has paid: one row per household, one column per producer. */
export function HouseholdsTable({
  households,
  producers,
  caption,
}: {
  households: readonly HouseholdView[];
  producers: readonly { id: string; name: string }[];
  caption: string;
}) {
  if (households.length === 0) {
    return <p className="muted">Aucun foyer n’a commandé.</p>;
  }
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Foyer</th>
          <th scope="col">État</th>
          {producers.map((producer) => (
            <th key={producer.id} scope="col">
              {producer.name}
            </th>
          ))}
          <th scope="col">Reste à payer</th>
          <th scope="col">Référence de virement</th>
        </tr>
      </thead>
      <tbody>
        {households.map((household) => (
          <tr key={household.id}>
            <th scope="row">{household.name}</th>
            <td>
              <PaymentStatus status={household.status} label={household.statusLabel} />
              {household.hasPending ? <small className="muted"> (carte en cours)</small> : null}
            </td>
            {producers.map((producer) => {
              const part = household.parts.find(
                (candidate) => candidate.producerId === producer.id,
              );
              return (
                <td key={producer.id}>
                  {part ? (
                    <>
                      {part.due} <small className="muted">({part.statusLabel.toLowerCase()})</small>
                      {part.balanceCents < 0 ? (
                        <small className="error"> à rembourser {part.balance}</small>
                      ) : null}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              );
            })}
            <td>{household.toPay}</td>
            <td>
              <code>{household.reference}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type ManualFormErrors = Partial<Record<string, string[]>>;

/** Money received by hand: cash or cheque at pickup, or a bank transfer seen on the account. */
export function ManualPaymentForm({
  households,
  producers,
  today,
  errors,
  allowAll,
  sheetId,
}: {
  households: readonly { id: string; name: string; toPay: string }[];
  producers: readonly { id: string; name: string }[];
  today: string;
  errors?: ManualFormErrors;
  /** A coordinator records for every producer at once; a producer for itself only. */
  allowAll: boolean;
  /** On a page covering several sheets (a producer's round). */
  sheetId?: string;
}) {
  const list = Object.values(errors ?? {}).flat() as string[];
  const id = sheetId ? `manual-${sheetId.slice(0, 8)}` : 'manual';
  return (
    <Form method="post" className="card stack" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Enregistrer un paiement reçu</h3>
      {sheetId ? <input type="hidden" name="sheetId" value={sheetId} /> : null}
      <FormErrors id={`${id}-errors`} errors={list} />
      <div className="field">
        <label htmlFor={`${id}-household`}>Foyer</label>
        <select id={`${id}-household`} name="householdId" required>
          {households.map((household) => (
            <option key={household.id} value={household.id}>
              {household.name} (reste {household.toPay})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-producer`}>Pour</label>
        <select id={`${id}-producer`} name="producerId">
          {allowAll ? <option value="all">Tous les producteurs (le reste de chacun)</option> : null}
          {producers.map((producer) => (
            <option key={producer.id} value={producer.id}>
              {producer.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>Moyen de paiement</label>
        <select id={`${id}-method`} name="method">
          <option value="cash">Espèces</option>
          <option value="cheque">Chèque</option>
          <option value="transfer">Virement</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-amount`}>Montant reçu (vide : le reste dû)</label>
        <input id={`${id}-amount`} name="amount" inputMode="decimal" placeholder="12,50" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-reference`}>
          N° de chèque ou référence du virement (facultatif)
        </label>
        <input id={`${id}-reference`} name="reference" maxLength={80} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-date`}>Reçu le</label>
        <input id={`${id}-date`} name="receivedOn" type="date" defaultValue={today} max={today} />
      </div>
      <button type="submit" name="intent" value="record">
        Enregistrer le paiement
      </button>
    </Form>
  );
}

/** One button on a row (retry, cancel with its reason), posted to the page's action. */
function RowAction({
  id,
  intent,
  label,
  reasonLabel,
}: {
  id: string;
  intent: string;
  label: string;
  /** Asks for a reason first (cancellations). */
  reasonLabel?: string;
}) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="id" value={id} />
      {reasonLabel ? (
        <input
          name="reason"
          required
          maxLength={300}
          placeholder="motif"
          aria-label={reasonLabel}
        />
      ) : null}
      <button type="submit" name="intent" value={intent}>
        {label}
      </button>
    </Form>
  );
}

export function PaymentsList({
  payments,
  title,
  canCancel = () => false,
}: {
  payments: readonly PaymentView[];
  title: string;
  canCancel?: (payment: PaymentView) => boolean;
}) {
  return (
    <section aria-label={title}>
      <h4>{title}</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Foyer</th>
            <th scope="col">Moyen</th>
            <th scope="col">Montant</th>
            <th scope="col">Répartition</th>
            <th scope="col">État</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.id}>
              <td>{payment.when}</td>
              <td>{payment.household}</td>
              <td>
                {payment.methodLabel}
                {payment.reference ? <small className="muted"> {payment.reference}</small> : null}
                {payment.recordedBy ? (
                  <small className="muted"> — noté par {payment.recordedBy}</small>
                ) : null}
              </td>
              <td>
                {payment.amount}
                {payment.fee ? <small className="muted"> dont frais {payment.fee}</small> : null}
              </td>
              <td>{payment.parts.map((part) => `${part.producer} ${part.amount}`).join(' · ')}</td>
              <td>
                {payment.statusLabel}
                {payment.cancelReason ? (
                  <small className="muted"> — {payment.cancelReason}</small>
                ) : null}
                {payment.failure ? <small className="error"> — {payment.failure}</small> : null}
              </td>
              <td>
                {payment.checkoutUrl ? (
                  <a href={payment.checkoutUrl}>Reprendre le paiement</a>
                ) : null}
                {payment.isCancellable && canCancel(payment) ? (
                  <RowAction
                    id={payment.id}
                    intent="cancel"
                    label="Annuler"
                    reasonLabel={`Motif de l’annulation du paiement de ${payment.household} (${payment.amount})`}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function RefundsList({
  refunds,
  title,
  canAct = false,
}: {
  refunds: readonly RefundView[];
  title: string;
  canAct?: boolean;
}) {
  return (
    <section aria-label={title}>
      <h4>{title}</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Foyer</th>
            <th scope="col">Producteur</th>
            <th scope="col">Montant</th>
            <th scope="col">Motif</th>
            <th scope="col">État</th>
            {canAct ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {refunds.map((refund) => (
            <tr key={refund.id}>
              <td>{refund.when}</td>
              <td>{refund.household}</td>
              <td>{refund.producer}</td>
              <td>
                {refund.amount} <small className="muted">({refund.method})</small>
              </td>
              <td>
                {refund.reason}
                {refund.note ? <small className="muted"> — {refund.note}</small> : null}
              </td>
              <td>
                {refund.statusLabel}
                {refund.error ? <small className="error"> — {refund.error}</small> : null}
              </td>
              {canAct ? (
                <td>
                  {refund.canRetry ? (
                    <RowAction id={refund.id} intent="retry-refund" label="Relancer" />
                  ) : null}
                  {refund.canCancel ? (
                    <RowAction
                      id={refund.id}
                      intent="cancel-refund"
                      label="Abandonner"
                      reasonLabel={`Motif de l’abandon du remboursement de ${refund.household}`}
                    />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function TransfersList({
  transfers,
  canAct = false,
}: {
  transfers: readonly TransferView[];
  canAct?: boolean;
}) {
  return (
    <section aria-label="Virements Stripe aux producteurs">
      <h4>Virements Stripe aux producteurs</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Foyer</th>
            <th scope="col">Producteur</th>
            <th scope="col">Montant</th>
            <th scope="col">État</th>
            {canAct ? <th scope="col">Action</th> : null}
          </tr>
        </thead>
        <tbody>
          {transfers.map((transfer) => (
            <tr key={transfer.id}>
              <td>{transfer.household}</td>
              <td>{transfer.producer}</td>
              <td>{transfer.amount}</td>
              <td>
                {transfer.statusLabel}
                {transfer.stripeId ? <small className="muted"> {transfer.stripeId}</small> : null}
                {transfer.error ? <small className="error"> — {transfer.error}</small> : null}
              </td>
              {canAct ? (
                <td>
                  {transfer.canRetry ? (
                    <RowAction id={transfer.id} intent="retry-transfer" label="Relancer" />
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** On the sheet itself, once closed: who has paid, and the member's own share. */
export function SheetPaymentsPanel({
  households,
  own,
  href,
  isPayable,
}: {
  households: readonly { id: string; name: string; status: BalanceStatus; statusLabel: string }[];
  own: { toPay: string; toPayCents: number; statusLabel: string } | null;
  href: string;
  isPayable: boolean;
}) {
  return (
    <section className="card stack" aria-labelledby="sheet-payments-title">
      <h3 id="sheet-payments-title">Paiements</h3>
      {!isPayable ? <p className="hint">Les paiements ne sont pas encore ouverts.</p> : null}
      {own ? (
        <p>
          Votre part : {own.statusLabel.toLowerCase()}
          {own.toPayCents > 0 ? ` — reste ${own.toPay}` : ''}.{' '}
          <Link to={href}>
            {own.toPayCents > 0 && isPayable ? 'Payer ma part' : 'Voir ma part'}
          </Link>
        </p>
      ) : (
        <p>
          <Link to={href}>Voir les paiements de la feuille</Link>
        </p>
      )}
      <ul aria-label="Qui a payé" className="payment-households">
        {households.map((household) => (
          <li key={household.id}>
            {household.name} :{' '}
            <PaymentStatus status={household.status} label={household.statusLabel} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Money given back by hand for an overpaid part (cash at the next pickup, a transfer). */
export function ManualRefundForm({
  sheetId,
  householdId,
  householdName,
  producerId,
  amount,
}: {
  sheetId: string;
  householdId: string;
  householdName: string;
  producerId: string;
  amount: string;
}) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="sheetId" value={sheetId} />
      <input type="hidden" name="householdId" value={householdId} />
      <input type="hidden" name="producerId" value={producerId} />
      <select name="method" aria-label={`Moyen du remboursement à ${householdName}`}>
        <option value="cash">Espèces</option>
        <option value="cheque">Chèque</option>
        <option value="transfer">Virement</option>
      </select>
      <input
        name="amount"
        inputMode="decimal"
        size={7}
        placeholder={amount}
        aria-label={`Montant rendu à ${householdName} (vide : ${amount})`}
      />
      <button type="submit" name="intent" value="refund-manual">
        Rendu à la main
      </button>
    </Form>
  );
}

/** On an invoice or credit note: the money given back for its credit notes. */
export function DocumentRefunds({
  refunds,
}: {
  refunds: readonly { id: string; text: string; status: string; error: string | null }[];
}) {
  return (
    <section className="card" aria-labelledby="document-refunds-title">
      <h3 id="document-refunds-title">Remboursements au foyer</h3>
      <ul>
        {refunds.map((refund) => (
          <li key={refund.id}>
            {refund.text} : {refund.status}
            {refund.error ? <small className="error"> — {refund.error}</small> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
