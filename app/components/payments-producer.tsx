import { Form, Link } from '@remix-run/react';
import { FormErrors } from './forms.tsx';
import { OnlineOffNotice } from './payments.tsx';

/** What a producer's « Paiements » tab shows (formatted on the server). */
export type ProducerPaymentsData = {
  account: { isConnected: boolean; isActive: boolean; payoutsEnabled: boolean };
  bank: { holder: string; iban: string; bic: string } | null;
  rounds: {
    id: string;
    label: string;
    status: string;
    due: string;
    received: string;
    toPay: string;
    toRefund: string;
  }[];
};

/** Online payment (Stripe Connect onboarding), bank details, and the rounds with their money. */
export function ProducerPaymentsSection({
  slug,
  data,
  isOwner,
  onlineEnabled,
  errors,
}: {
  slug: string;
  data: ProducerPaymentsData;
  isOwner: boolean;
  onlineEnabled: boolean;
  errors?: { errors?: string[]; fieldErrors?: Record<string, string[]> };
}) {
  const field = (name: string) => errors?.fieldErrors?.[name];
  return (
    <>
      <section className="card stack" aria-labelledby="online-title">
        <h3 id="online-title">Paiement en ligne (Stripe Connect)</h3>
        {!onlineEnabled ? (
          <OnlineOffNotice />
        ) : data.account.isActive ? (
          <p role="status">
            Paiement en ligne actif : chaque foyer vous paie sa part par carte, virée directement
            sur votre compte Stripe
            {data.account.payoutsEnabled
              ? ''
              : ' (versements vers votre banque à compléter chez Stripe)'}
            .
          </p>
        ) : (
          <>
            <p>
              {data.account.isConnected
                ? 'Inscription Stripe commencée mais pas terminée : les foyers ne peuvent pas encore vous payer en ligne.'
                : 'Pas encore de compte Stripe : les foyers vous paient à la livraison ou par virement.'}
            </p>
            {isOwner ? (
              <Form method="post">
                <button type="submit" name="intent" value="onboard">
                  {data.account.isConnected
                    ? 'Terminer l’inscription Stripe'
                    : 'Activer le paiement en ligne'}
                </button>
              </Form>
            ) : (
              <p className="hint">Le responsable de la ferme peut activer le paiement en ligne.</p>
            )}
          </>
        )}
        <FormErrors id="onboard-errors" errors={errors?.errors} />
      </section>
      <section className="card stack" aria-labelledby="bank-title">
        <h3 id="bank-title">Virement bancaire</h3>
        {data.bank ? (
          <p>
            Les foyers voient : {data.bank.holder}, IBAN <code>{data.bank.iban}</code>
            {data.bank.bic ? `, BIC ${data.bank.bic}` : ''}, avec une référence CABAS propre à
            chacun.
          </p>
        ) : (
          <p className="muted">Aucun IBAN : les foyers ne voient pas de coordonnées de virement.</p>
        )}
        {isOwner ? (
          <Form method="post" className="stack">
            <div className="field">
              <label htmlFor="bank-holder">Titulaire du compte</label>
              <input
                id="bank-holder"
                name="holder"
                defaultValue={data.bank?.holder ?? ''}
                maxLength={120}
              />
              <FormErrors id="bank-holder-errors" errors={field('holder')} />
            </div>
            <div className="field">
              <label htmlFor="bank-iban">IBAN</label>
              <input
                id="bank-iban"
                name="iban"
                defaultValue={data.bank?.iban ?? ''}
                autoComplete="off"
              />
              <FormErrors id="bank-iban-errors" errors={field('iban')} />
            </div>
            <div className="field">
              <label htmlFor="bank-bic">BIC (facultatif)</label>
              <input
                id="bank-bic"
                name="bic"
                defaultValue={data.bank?.bic ?? ''}
                autoComplete="off"
              />
              <FormErrors id="bank-bic-errors" errors={field('bic')} />
            </div>
            <button type="submit" name="intent" value="bank">
              Enregistrer les coordonnées
            </button>
          </Form>
        ) : null}
      </section>
      <section aria-labelledby="rounds-title">
        <h3 id="rounds-title">Par tournée</h3>
        {data.rounds.length === 0 ? (
          <p className="muted">Aucune tournée livrée à une feuille close.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Tournée</th>
                <th scope="col">État</th>
                <th scope="col">Attendu</th>
                <th scope="col">Reçu</th>
                <th scope="col">Reste à payer</th>
                <th scope="col">À rembourser</th>
              </tr>
            </thead>
            <tbody>
              {data.rounds.map((round) => (
                <tr key={round.id}>
                  <th scope="row">
                    <Link to={`/o/${slug}/paiements/tournees/${round.id}`}>{round.label}</Link>
                  </th>
                  <td>{round.status}</td>
                  <td>{round.due}</td>
                  <td>{round.received}</td>
                  <td>{round.toPay}</td>
                  <td>{round.toRefund}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
