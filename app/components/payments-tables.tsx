import { Form } from '@remix-run/react';
import type {
  HouseholdView,
  paymentViews,
  refundViews,
  transferViews,
} from '#app/models/payment-views.server.ts';
import { PaymentStatus } from './payments-status.tsx';

type PaymentView = ReturnType<typeof paymentViews>[number];
type RefundView = ReturnType<typeof refundViews>[number];
type TransferView = ReturnType<typeof transferViews>[number];

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
