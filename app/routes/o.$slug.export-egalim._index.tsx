import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { requireOpOrBuyer } from '#app/auth/require-op.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { addMonths } from '#app/domain/egalim/contract-dates.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import {
  buildEgalimExportFor,
  listBuyersOfOp,
  listOpsOfBuyer,
} from '#app/models/op-egalim-export.server.ts';

const ISSUERS = { op: 'OP (mandataire)', buyer: 'Acheteur (autofacturation)' } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrBuyer(request, params.slug);
  const url = new URL(request.url);
  const isOp = organisation.kind === 'op';
  const partners = isOp
    ? await listBuyersOfOp({ opId: organisation.id })
    : await listOpsOfBuyer({ buyerId: organisation.id });
  const lastMonth = addMonths(parisDayOf(new Date()), -1).slice(0, 7);
  const month = url.searchParams.get('mois') || lastMonth;
  const partnerSlug = url.searchParams.get('partenaire') || (partners[0]?.slug ?? '');
  const result = partnerSlug
    ? await buildEgalimExportFor({ organisation, partnerSlug, month, now: new Date() })
    : null;
  const query = `?partenaire=${encodeURIComponent(partnerSlug)}&mois=${encodeURIComponent(month)}`;
  return json({
    base: `/o/${organisation.slug}/export-egalim`,
    isOp,
    month,
    partnerSlug,
    partners: partners.map((p) => ({ slug: p.slug, name: p.name })),
    query,
    error: result && !result.ok ? result.message : null,
    export:
      result?.ok === true
        ? {
            totals: {
              invoices: result.data.totals.invoices,
              net: formatCents(result.data.totals.netCents),
              vat: formatCents(result.data.totals.vatCents),
              gross: formatCents(result.data.totals.grossCents),
            },
            invoices: result.data.invoices.map((i) => ({
              number: i.number,
              member: `${i.member.number} — ${i.member.name}`,
              type: i.type,
              issuedBy: ISSUERS[i.issuedBy],
              issuedOn: formatDay(i.issuedOn),
              mandate: i.mandate?.reference ?? '—',
              net: formatCents(i.netCents),
              gross: formatCents(i.grossCents),
            })),
            criteria: result.data.priceCriteria,
          }
        : null,
  });
}

export default function EgalimExport() {
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <h2>Export mensuel des éléments de facturation (EG-22)</h2>
      <p className="muted">
        Chaque mois, l’acheteur transmet à l’organisation de producteurs les éléments des factures
        individuelles des membres et les critères et modalités de détermination du prix (art.
        L631-24 IV dernier alinéa CRPM) : factures émises par l’OP au nom des membres et factures
        autofacturées par l’acheteur.
      </p>
      {data.partners.length === 0 ? (
        <p>
          {data.isOp
            ? 'Aucun accord-cadre avec un acheteur : rien à exporter.'
            : 'Aucun accord-cadre avec une organisation de producteurs : rien à exporter.'}
        </p>
      ) : (
        <Form method="get" className="row">
          <label htmlFor="partenaire">
            {data.isOp ? 'Acheteur' : 'Organisation de producteurs'}
          </label>
          <select id="partenaire" name="partenaire" defaultValue={data.partnerSlug}>
            {data.partners.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.name}
              </option>
            ))}
          </select>
          <label htmlFor="mois">Mois</label>
          <input id="mois" name="mois" type="month" defaultValue={data.month} required />
          <button type="submit">Afficher</button>
        </Form>
      )}
      {data.error ? (
        <p role="alert" className="form-errors">
          {data.error}
        </p>
      ) : null}
      {data.export ? (
        <section aria-labelledby="export-title">
          <h3 id="export-title">
            {data.export.totals.invoices} facture(s) — {data.export.totals.net} HT,{' '}
            {data.export.totals.gross} TTC
          </h3>
          <p>
            <a href={`${data.base}.csv${data.query}`} download>
              Télécharger le CSV (tableur)
            </a>{' '}
            ·{' '}
            <a href={`${data.base}.json${data.query}`} download>
              Télécharger le JSON
            </a>
          </p>
          {data.export.invoices.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Facture</th>
                  <th scope="col">Membre</th>
                  <th scope="col">Type</th>
                  <th scope="col">Émise par</th>
                  <th scope="col">Date</th>
                  <th scope="col">Mandat</th>
                  <th scope="col">HT</th>
                  <th scope="col">TTC</th>
                </tr>
              </thead>
              <tbody>
                {data.export.invoices.map((i) => (
                  <tr key={`${i.member}-${i.number}`}>
                    <td>{i.number}</td>
                    <td>{i.member}</td>
                    <td>{i.type}</td>
                    <td>{i.issuedBy}</td>
                    <td>{i.issuedOn}</td>
                    <td>{i.mandate}</td>
                    <td>{i.net}</td>
                    <td>{i.gross}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Aucune facture de membre ce mois-ci.</p>
          )}
          {data.export.criteria.map((c) => (
            <details key={c.reference}>
              <summary>
                Critères et modalités de prix — {c.reference} ({c.title})
              </summary>
              <ul>
                {c.clauses.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </details>
          ))}
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Export Egalim (EG-22) — Cabas' }];
