import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireMilkDairy, requireMilkParty } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { MilkProducerHome } from '#app/components/milk-producer-home.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { monthLabel, monthsEndingWith, shiftMonth } from '#app/domain/milk/month.ts';
import { formatLitres } from '#app/domain/milk/records.ts';
import { formatDay } from '#app/i18n/format.ts';
import { findMonthMandate, listMilkStatements } from '#app/models/milk-pay.server.ts';
import { listMonthlyTotals } from '#app/models/milk-record.server.ts';
import { addMilkSupplier, listMilkSuppliers } from '#app/models/milk-supplier.server.ts';
import { loadProducerMilkHome } from '#app/models/milk-views.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const AddSupplierSchema = z.object({
  producer: z
    .string({ error: 'Adresse du producteur obligatoire.' })
    .trim()
    .min(1, 'Adresse du producteur obligatoire.'),
  code: z
    .string({ error: 'Numéro de fournisseur obligatoire.' })
    .trim()
    .min(1, 'Numéro de fournisseur obligatoire.'),
  since: z.string({ error: 'Date de début obligatoire.' }).trim(),
});

const REGIME_LABELS = {
  liable: 'assujetti à la TVA',
  flat_rate: 'remboursement forfaitaire',
  franchise: 'franchise en base',
} as const;

async function loadDairyHome(dairy: { id: string; slug: string }, today: string) {
  const month = today.slice(0, 7);
  const months = monthsEndingWith(month, 6).reverse();
  const [suppliers, totals, statements] = await Promise.all([
    listMilkSuppliers({ dairyId: dairy.id }),
    listMonthlyTotals({ dairyId: dairy.id, fromMonth: months.at(-1)!, toMonth: month }),
    listMilkStatements({ dairyId: dairy.id }),
  ]);
  const lastMonth = shiftMonth(month, -1);
  const rows = await Promise.all(
    suppliers.map(async (supplier) => {
      const mandate = await findMonthMandate({
        producerId: supplier.producerId,
        dairyId: dairy.id,
        month: lastMonth,
      });
      const litresOf = (m: string) =>
        totals.find((t) => t.month === m && t.producerId === supplier.producerId)?.litres ?? 0;
      return {
        producerId: supplier.producerId,
        code: supplier.supplierCode,
        name: supplier.producerName,
        siret: supplier.siret ?? '—',
        regime: supplier.vatRegime
          ? REGIME_LABELS[supplier.vatRegime]
          : 'régime de TVA non renseigné',
        since: formatDay(supplier.sinceOn),
        mandate: mandate
          ? `${mandate.reference} (série ${mandate.invoiceSeries}, contestation ${mandate.contestDays} j)`
          : null,
        thisMonth: formatLitres(litresOf(month)),
        lastMonth: formatLitres(litresOf(lastMonth)),
      };
    }),
  );
  return {
    kind: 'dairy' as const,
    suppliers: rows,
    lastMonthLabel: monthLabel(lastMonth),
    monthLabelNow: monthLabel(month),
    attestations: [Number(month.slice(0, 4)) - 1, Number(month.slice(0, 4))].map((year) => ({
      year,
      href: `/o/${dairy.slug}/lait/attestation/${year}.csv`,
    })),
    months: months.map((m) => {
      const monthTotals = totals.filter((t) => t.month === m);
      return {
        month: m,
        label: monthLabel(m),
        litres: formatLitres(monthTotals.reduce((sum, t) => sum + t.litres, 0)),
        producers: monthTotals.length,
        invoiced: statements.filter((s) => s.month === m).length,
        href: `/o/${dairy.slug}/lait/paie/${m}`,
      };
    }),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkParty(request, params.slug);
  const today = parisDayOf(new Date());
  if (organisation.kind === 'buyer') {
    return json({ ...(await loadDairyHome(organisation, today)), producer: null });
  }
  return json({
    kind: 'producer' as const,
    producer: await loadProducerMilkHome(organisation, today),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireMilkDairy(request, params.slug);
  const parsed = AddSupplierSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return json({ errors: parsed.error.issues.map((issue) => issue.message) }, { status: 400 });
  }
  const added = await addMilkSupplier({
    dairyId: organisation.id,
    producerSlug: parsed.data.producer,
    supplierCode: parsed.data.code,
    sinceOn: parsed.data.since,
    actorId: user.id,
  });
  if (!added.ok) {
    return json({ errors: [added.message] }, { status: 422 });
  }
  return redirectWithToast(`/o/${organisation.slug}/lait`, {
    kind: 'success',
    message: `${added.producerName} ajouté à vos fournisseurs de lait.`,
  });
}

export default function MilkHome() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === 'producer' && data.producer) {
    return <MilkProducerHome home={data.producer} />;
  }
  return 'suppliers' in data ? <DairyHome data={data} /> : null;
}

function DairyHome({ data }: { data: Awaited<ReturnType<typeof loadDairyHome>> }) {
  const result = useActionData<typeof action>();
  return (
    <div>
      <h2>Collecte de lait</h2>
      <section className="card" aria-labelledby="months-title">
        <h3 id="months-title">Paie du lait par mois</h3>
        <div className="milk-table-scroll">
          <table className="milk-table">
            <thead>
              <tr>
                <th scope="col">Mois</th>
                <th scope="col" className="number">
                  Litres collectés
                </th>
                <th scope="col" className="number">
                  Producteurs
                </th>
                <th scope="col" className="number">
                  Factures émises
                </th>
              </tr>
            </thead>
            <tbody>
              {data.months.map((month) => (
                <tr key={month.month}>
                  <td>
                    <Link to={month.href}>Paie de {month.label}</Link>
                  </td>
                  <td className="number">{month.litres}</td>
                  <td className="number">{month.producers}</td>
                  <td className="number">{month.invoiced}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <p>
        Attestations annuelles des paiements aux producteurs au remboursement forfaitaire (CGI ann.
        II art. 265, CSV) :{' '}
        {data.attestations.map((a, index) => (
          <span key={a.year}>
            {index > 0 ? ' · ' : ''}
            <a href={a.href}>{a.year}</a>
          </span>
        ))}
      </p>
      <section className="card" aria-labelledby="suppliers-title">
        <h3 id="suppliers-title">Producteurs collectés</h3>
        {data.suppliers.length === 0 ? (
          <p className="muted">
            Aucun producteur : ajoutez les fermes que vous collectez avec leur numéro de fournisseur
            (celui de vos exports et du laboratoire).
          </p>
        ) : (
          <div className="milk-table-scroll">
            <table className="milk-table">
              <thead>
                <tr>
                  <th scope="col">N°</th>
                  <th scope="col">Producteur</th>
                  <th scope="col">SIRET</th>
                  <th scope="col">TVA</th>
                  <th scope="col">Depuis</th>
                  <th scope="col">Mandat de facturation ({data.lastMonthLabel})</th>
                  <th scope="col" className="number">
                    {data.monthLabelNow}
                  </th>
                  <th scope="col" className="number">
                    {data.lastMonthLabel}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.suppliers.map((supplier) => (
                  <tr key={supplier.producerId}>
                    <td>{supplier.code}</td>
                    <td>{supplier.name}</td>
                    <td>{supplier.siret}</td>
                    <td>{supplier.regime}</td>
                    <td>{supplier.since}</td>
                    <td>
                      {supplier.mandate ?? (
                        <span className="milk-state-refused">
                          aucun : autofacturation impossible
                        </span>
                      )}
                    </td>
                    <td className="number">{supplier.thisMonth}</td>
                    <td className="number">{supplier.lastMonth}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h4>Ajouter un producteur</h4>
        <Form method="post" className="stack">
          <FormErrors id="supplier-errors" errors={result?.errors} />
          <div className="field">
            <label htmlFor="producer">Adresse Cabas du producteur</label>
            <input id="producer" name="producer" required placeholder="gaec-des-monts" />
          </div>
          <div className="field">
            <label htmlFor="code">Numéro de fournisseur à la laiterie</label>
            <input id="code" name="code" required maxLength={20} placeholder="P001" />
          </div>
          <div className="field">
            <label htmlFor="since">Collecté depuis le</label>
            <input id="since" name="since" type="date" required />
          </div>
          <button type="submit">Ajouter le producteur</button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Lait — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
