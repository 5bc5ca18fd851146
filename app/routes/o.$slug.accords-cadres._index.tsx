import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireOpOrBuyer } from '#app/auth/require-op.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  EGALIM_CATEGORIES,
  EGALIM_CATEGORY_LABELS,
} from '#app/domain/catalogue/egalim-categories.ts';
import { agreementStatusLabel } from '#app/domain/op/framework-terms.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  createAgreementDraft,
  listAgreements,
  listBuyers,
} from '#app/models/framework-agreement.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const NewAgreementSchema = z.object({
  buyerId: z.string().uuid('Choisissez l’acheteur.'),
  egalimCategory: z.enum(EGALIM_CATEGORIES, { error: 'Choisissez la production.' }),
  title: z
    .string()
    .trim()
    .min(1, 'Donnez un intitulé à l’accord.')
    .max(120, 'Au plus 120 caractères.'),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrBuyer(request, params.slug);
  const today = parisDayOf(new Date());
  const isOp = organisation.kind === 'op';
  const agreements = await listAgreements({ organisationId: organisation.id });
  return json({
    base: `/o/${organisation.slug}/accords-cadres`,
    isOp,
    buyers: isOp ? await listBuyers() : [],
    agreements: agreements.map((a) => ({
      id: a.id,
      reference: a.reference,
      title: a.title,
      production: EGALIM_CATEGORY_LABELS[a.egalimCategory],
      counterpart: isOp ? a.buyerName : a.opName,
      status: agreementStatusLabel(a, today),
      period: a.startOn
        ? `du ${formatDay(a.startOn)}${a.endOn ? ` au ${formatDay(a.endOn)}` : ', reconduction tacite'}`
        : '—',
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireOpOrBuyer(request, params.slug);
  if (organisation.kind !== 'op') {
    throw new Response(
      'Seule l’organisation de producteurs propose un accord-cadre (art. L631-24 II CRPM).',
      { status: 403 },
    );
  }
  const parsed = NewAgreementSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return json({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  }
  const created = await createAgreementDraft({
    opId: organisation.id,
    ...parsed.data,
    year: Number(parisDayOf(new Date()).slice(0, 4)),
    actorId: user.id,
  });
  if (!created.ok) {
    return json({ errors: [created.message] }, { status: 400 });
  }
  return redirectWithToast(`/o/${organisation.slug}/accords-cadres/${created.id}`, {
    kind: 'success',
    message: t('toast.agreementCreated', { reference: created.reference }),
  });
}

export default function Agreements() {
  const { base, isOp, buyers, agreements } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <h2>Accords-cadres</h2>
      <p className="muted">
        Accord écrit entre l’organisation de producteurs et un acheteur, proposé par l’OP, qui
        précède les contrats de ses membres : quantités et qualité à livrer, répartition entre les
        membres, écarts de volume, règles de négociation et de transparence (art. L631-24 II et IV
        CRPM).
      </p>
      {agreements.length === 0 ? (
        <p>Aucun accord-cadre pour l’instant.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Intitulé</th>
              <th scope="col">Production</th>
              <th scope="col">{isOp ? 'Acheteur' : 'Organisation de producteurs'}</th>
              <th scope="col">État</th>
              <th scope="col">Période</th>
            </tr>
          </thead>
          <tbody>
            {agreements.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`${base}/${a.id}`}>{a.reference}</Link>
                </td>
                <td>{a.title}</td>
                <td>{a.production}</td>
                <td>{a.counterpart}</td>
                <td>{a.status}</td>
                <td>{a.period}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isOp ? (
        <section className="card">
          <h3>Nouvel accord-cadre</h3>
          <Form method="post" className="stack">
            <FormErrors id="new-agreement-errors" errors={result?.errors} />
            <div className="field">
              <label htmlFor="buyerId">Acheteur</label>
              <select id="buyerId" name="buyerId" required>
                {buyers.map((buyer) => (
                  <option key={buyer.id} value={buyer.id}>
                    {buyer.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="egalimCategory">Production</label>
              <select id="egalimCategory" name="egalimCategory" defaultValue="milk_cow" required>
                {EGALIM_CATEGORIES.map((code) => (
                  <option key={code} value={code}>
                    {EGALIM_CATEGORY_LABELS[code]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="title">Intitulé</label>
              <input id="title" name="title" maxLength={120} required />
            </div>
            <button type="submit">Créer le brouillon</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Accords-cadres — Cabas' }];
