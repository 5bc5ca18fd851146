import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireContractParty } from '#app/auth/require-egalim.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  EGALIM_CATEGORIES,
  EGALIM_CATEGORY_LABELS,
} from '#app/domain/catalogue/egalim-categories.ts';
import { contractStatusLabel } from '#app/domain/egalim/contract-status.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  createContractDraft,
  listContracts,
  listKnownBuyers,
} from '#app/models/egalim-contract.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const NewContractSchema = z.object({
  buyerSlug: z
    .string({ error: 'Choisissez l’acheteur.' })
    .trim()
    .min(1, 'Choisissez l’acheteur.')
    .max(60),
  egalimCategory: z.enum(EGALIM_CATEGORIES, { error: 'Choisissez la production.' }),
  isSiqo: z.literal('on').optional(),
  title: z
    .string({ error: 'Donnez un intitulé au contrat.' })
    .trim()
    .min(1, 'Donnez un intitulé au contrat.')
    .max(120, 'Au plus 120 caractères.'),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireContractParty(request, params.slug);
  const today = parisDayOf(new Date());
  const contracts = await listContracts({ organisationId: organisation.id });
  const isProducer = organisation.kind === 'producer';
  return json({
    base: `/o/${organisation.slug}/contrats`,
    isProducer,
    buyers: isProducer ? await listKnownBuyers({ producerId: organisation.id }) : [],
    contracts: contracts.map((contract) => ({
      id: contract.id,
      reference: contract.reference,
      title: contract.title,
      production: `${EGALIM_CATEGORY_LABELS[contract.egalimCategory]}${contract.isSiqo ? ' sous SIQO' : ''}`,
      counterpart: contract.side === 'producer' ? contract.buyerName : contract.producerName,
      status: contractStatusLabel(contract, today),
      period: contract.startOn
        ? `du ${formatDay(contract.startOn)}${contract.endOn ? ` au ${formatDay(contract.endOn)}` : ', reconduction tacite'}`
        : '—',
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireContractParty(request, params.slug);
  if (organisation.kind !== 'producer') {
    throw new Response(t('egalim.contract.notProducer'), { status: 403 });
  }
  const parsed = NewContractSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return json({ errors: parsed.error.issues.map((issue) => issue.message) }, { status: 400 });
  }
  const created = await createContractDraft({
    producerId: organisation.id,
    buyerSlug: parsed.data.buyerSlug,
    egalimCategory: parsed.data.egalimCategory,
    isSiqo: parsed.data.isSiqo === 'on',
    title: parsed.data.title,
    year: Number(parisDayOf(new Date()).slice(0, 4)),
    actorId: user.id,
  });
  if (!created.ok) {
    return json({ errors: [created.message] }, { status: 400 });
  }
  return redirectWithToast(`/o/${organisation.slug}/contrats/${created.id}`, {
    kind: 'success',
    message: t('toast.contractCreated', { reference: created.reference }),
  });
}

export default function Contracts() {
  const { base, isProducer, buyers, contracts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <h2>Contrats Egalim</h2>
      <p className="muted">
        Contrats écrits de vente de produits agricoles (art. L631-24 CRPM) : proposition écrite du
        producteur, contre-propositions motivées de l’acheteur, signature des deux parties.
      </p>
      {contracts.length === 0 ? (
        <p>Aucun contrat pour l’instant.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Intitulé</th>
              <th scope="col">Production</th>
              <th scope="col">{isProducer ? 'Acheteur' : 'Producteur'}</th>
              <th scope="col">État</th>
              <th scope="col">Période</th>
            </tr>
          </thead>
          <tbody>
            {contracts.map((contract) => (
              <tr key={contract.id}>
                <td>
                  <Link to={`${base}/${contract.id}`}>{contract.reference}</Link>
                </td>
                <td>{contract.title}</td>
                <td>{contract.production}</td>
                <td>{contract.counterpart}</td>
                <td>{contract.status}</td>
                <td>{contract.period}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isProducer ? (
        <section className="card">
          <h3>Nouveau contrat</h3>
          <Form method="post" className="stack">
            <FormErrors id="new-contract-errors" errors={result?.errors} />
            <div className="field">
              <label htmlFor="buyerSlug">Acheteur professionnel (identifiant)</label>
              <input id="buyerSlug" name="buyerSlug" list="known-buyers" required />
              <datalist id="known-buyers">
                {buyers.map((buyer) => (
                  <option key={buyer.slug} value={buyer.slug}>
                    {buyer.name}
                  </option>
                ))}
              </datalist>
              <p className="hint">Les acheteurs livrés par vos tournées sont proposés.</p>
            </div>
            <div className="field">
              <label htmlFor="egalimCategory">Production</label>
              <select id="egalimCategory" name="egalimCategory" required>
                {EGALIM_CATEGORIES.map((code) => (
                  <option key={code} value={code}>
                    {EGALIM_CATEGORY_LABELS[code]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name="isSiqo" /> Sous signe officiel de qualité (bovins :
                Label Rouge, AOP, IGP, bio)
              </label>
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
