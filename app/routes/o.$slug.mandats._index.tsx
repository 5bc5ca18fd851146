import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireMandateParty } from '#app/auth/require-op.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  EGALIM_CATEGORIES,
  EGALIM_CATEGORY_LABELS,
} from '#app/domain/catalogue/egalim-categories.ts';
import { MANDATE_STATE_LABELS } from '#app/domain/op/billing-mandate.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  billingMandateState,
  createBillingMandate,
  listBillingMandates,
  sideOf,
} from '#app/models/billing-mandate.server.ts';
import { listMandateCounterparts, mandateScopeText } from '#app/models/op-pages.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const NewMandateSchema = z.object({
  counterpartId: z
    .string({ error: 'Choisissez l’autre partie du mandat.' })
    .uuid('Choisissez l’autre partie du mandat.'),
  buyerIds: z.array(z.string().uuid()).default([]),
  coversAllBuyers: z.literal('on').optional(),
  egalimCategories: z.array(z.enum(EGALIM_CATEGORIES)).default([]),
  operations: z.string().trim().max(500, 'Opérations couvertes : 500 caractères au plus.'),
  startOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date de prise d’effet attendue (AAAA-MM-JJ).'),
  contestDays: z.coerce
    .number({ error: 'Délai de contestation : un nombre de jours.' })
    .int('Délai de contestation : un nombre entier de jours.'),
  invoiceSeries: z.string().trim().max(8).optional(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMandateParty(request, params.slug);
  const today = parisDayOf(new Date());
  const mandates = await listBillingMandates({ organisationId: organisation.id });
  return json({
    base: `/o/${organisation.slug}/mandats`,
    kind: organisation.kind,
    today,
    counterparts: await listMandateCounterparts(organisation),
    mandates: mandates.map((mandate) => ({
      id: mandate.id,
      reference: mandate.reference,
      mandator: mandate.mandatorName,
      mandatary: mandate.mandataryName,
      side: sideOf(mandate, organisation.id),
      scope: mandateScopeText(mandate),
      startOn: formatDay(mandate.startOn),
      state: MANDATE_STATE_LABELS[billingMandateState(mandate, today)],
      endsOn: mandate.endsOn ? formatDay(mandate.endsOn) : null,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireMandateParty(request, params.slug);
  const form = await request.formData();
  const parsed = NewMandateSchema.safeParse({
    ...Object.fromEntries(form),
    buyerIds: form.getAll('buyerIds'),
    egalimCategories: form.getAll('egalimCategories'),
  });
  if (!parsed.success) {
    return json({ errors: parsed.error.issues.map((issue) => issue.message) }, { status: 400 });
  }
  const input = parsed.data;
  const counterparts = await listMandateCounterparts(organisation);
  const counterpart = counterparts.find((c) => c.id === input.counterpartId);
  if (!counterpart) {
    return json(
      { errors: ['Choisissez l’autre partie du mandat dans la liste.'] },
      { status: 400 },
    );
  }
  const isMandator = organisation.kind === 'producer';
  const mandataryId = isMandator ? counterpart.id : organisation.id;
  const mandataryIsBuyer = isMandator
    ? counterpart.kind === 'buyer'
    : organisation.kind === 'buyer';
  const created = await createBillingMandate({
    organisationId: organisation.id,
    mandatorId: isMandator ? organisation.id : counterpart.id,
    mandataryId,
    // A buyer self-bills its own purchases only.
    buyerIds: mandataryIsBuyer ? [mandataryId] : input.buyerIds,
    coversAllBuyers: !mandataryIsBuyer && input.coversAllBuyers === 'on',
    egalimCategories: input.egalimCategories,
    operations: input.operations,
    startOn: input.startOn,
    contestDays: input.contestDays,
    ...(input.invoiceSeries ? { invoiceSeries: input.invoiceSeries } : {}),
    actorId: user.id,
  });
  if (!created.ok) {
    return json(
      { errors: [created.message, ...(created.issues ?? []).map((issue) => issue.message)] },
      { status: 400 },
    );
  }
  return redirectWithToast(`/o/${organisation.slug}/mandats/${created.id}`, {
    kind: 'success',
    message: t('toast.mandateCreated', { reference: created.reference }),
  });
}

export default function Mandates() {
  const { base, kind, today, counterparts, mandates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const buyers = counterparts.filter((c) => c.kind === 'buyer' && c.role === 'scope');
  const parties = counterparts.filter((c) => c.role === 'party');
  return (
    <div>
      <h2>Mandats de facturation</h2>
      <p className="muted">
        Mandat écrit et préalable, distinct de tout contrat de vente, par lequel un producteur
        confie l’établissement de ses factures à son organisation de producteurs ou à un acheteur
        (art. L631-24 V CRPM, CGI art. 289 I-2). Reconduit chaque année tacitement, révocable à tout
        moment avec un mois de préavis.
      </p>
      {mandates.length === 0 ? (
        <p>Aucun mandat pour l’instant.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Mandant (producteur)</th>
              <th scope="col">Mandataire</th>
              <th scope="col">Ventes couvertes</th>
              <th scope="col">Prise d’effet</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {mandates.map((mandate) => (
              <tr key={mandate.id}>
                <td>
                  <Link to={`${base}/${mandate.id}`}>{mandate.reference}</Link>
                </td>
                <td>{mandate.mandator}</td>
                <td>{mandate.mandatary}</td>
                <td>{mandate.scope}</td>
                <td>{mandate.startOn}</td>
                <td>
                  {mandate.state}
                  {mandate.endsOn ? ` (fin le ${mandate.endsOn})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {parties.length > 0 ? (
        <section className="card">
          <h3>Établir un mandat</h3>
          <Form method="post" className="stack">
            <FormErrors id="new-mandate-errors" errors={result?.errors} />
            <div className="field">
              <label htmlFor="counterpartId">
                {kind === 'producer' ? 'Mandataire (OP ou acheteur)' : 'Producteur mandant'}
              </label>
              <select id="counterpartId" name="counterpartId" required>
                {parties.map((party) => (
                  <option key={party.id} value={party.id}>
                    {party.label}
                  </option>
                ))}
              </select>
            </div>
            {kind !== 'buyer' ? (
              <fieldset>
                <legend>Acheteurs dont les achats sont facturés par l’OP</legend>
                <p className="hint">Un acheteur mandataire ne facture que ses propres achats.</p>
                {buyers.map((buyer) => (
                  <label key={buyer.id} className="checkbox">
                    <input type="checkbox" name="buyerIds" value={buyer.id} /> {buyer.label}
                  </label>
                ))}
                <label className="checkbox">
                  <input type="checkbox" name="coversAllBuyers" /> Tous les acheteurs
                </label>
              </fieldset>
            ) : null}
            <div className="field">
              <label htmlFor="egalimCategories">Produits couverts (aucun choix : tous)</label>
              <select id="egalimCategories" name="egalimCategories" multiple size={4}>
                {EGALIM_CATEGORIES.map((code) => (
                  <option key={code} value={code}>
                    {EGALIM_CATEGORY_LABELS[code]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="operations">Opérations et période couvertes</label>
              <textarea id="operations" name="operations" rows={2} maxLength={500} required />
            </div>
            <div className="field">
              <label htmlFor="startOn">Prise d’effet (après la signature des deux parties)</label>
              <input id="startOn" name="startOn" type="date" min={today} required />
            </div>
            <div className="field">
              <label htmlFor="contestDays">Délai de contestation de chaque facture (jours)</label>
              <input
                id="contestDays"
                name="contestDays"
                type="number"
                min={1}
                max={90}
                defaultValue={15}
                required
              />
            </div>
            <div className="field">
              <label htmlFor="invoiceSeries">Série des factures du mandataire (facultatif)</label>
              <input
                id="invoiceSeries"
                name="invoiceSeries"
                maxLength={8}
                pattern="[A-Za-z]{1,8}"
              />
              <p className="hint">
                Par défaut OP pour une OP, AF pour l’autofacturation d’un acheteur.
              </p>
            </div>
            <button type="submit">Proposer le mandat</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Mandats de facturation — Cabas' }];
