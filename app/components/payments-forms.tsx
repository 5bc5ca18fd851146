import { Form } from '@remix-run/react';
import { FormErrors } from './forms.tsx';

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
