import { Form, Link } from '@remix-run/react';
import type { BalanceStatus } from '#app/domain/payments/ledger.ts';
import type { PartView, shareView } from '#app/models/payment-views.server.ts';
import { FormErrors } from './forms.tsx';
import { PaymentStatus } from './payments-status.tsx';
import { PaymentsList, RefundsList } from './payments-tables.tsx';

export { PaymentStatus };

type ShareView = ReturnType<typeof shareView>;

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
