import type { LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireOrganisationPermission } from '#app/auth/require.server.ts';
import { formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { getSheet, getSheetGrid, listSheetHistory } from '#app/models/sheet.server.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Audit trail of a sheet for its coordinators: every cell change, who, when, old → new. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationPermission(
    request,
    params.slug,
    'sheets.manage',
  );
  const sheet = UUID.test(params.sheetId ?? '')
    ? await getSheet({ sheetId: params.sheetId!, groupId: organisation.id })
    : null;
  if (!sheet) {
    throw new Response('Feuille introuvable', { status: 404 });
  }
  const url = new URL(request.url);
  const householdId = url.searchParams.get('foyer') ?? undefined;
  const productId = url.searchParams.get('produit') ?? undefined;
  const [history, grid] = await Promise.all([
    listSheetHistory({
      sheetId: sheet.id,
      householdId: householdId && UUID.test(householdId) ? householdId : undefined,
      productId: productId && UUID.test(productId) ? productId : undefined,
    }),
    getSheetGrid(sheet.id),
  ]);
  const show = (milli: number | null) => (milli === null ? '—' : formatQuantityMilli(milli));
  return json({
    back: `/o/${organisation.slug}/feuilles/${sheet.id}`,
    title: sheet.title,
    householdId: householdId ?? '',
    productId: productId ?? '',
    households: grid.households,
    products: grid.products.map((p) => ({ id: p.id, name: p.name })),
    rows: history.map((row) => ({
      id: row.id,
      when: formatDateTime(new Date(row.changed_at)),
      household: row.household_name,
      product: row.product_name,
      who: row.user_name ?? '—',
      change: `${show(row.old_quantity_milli)} → ${show(row.new_quantity_milli)}`,
    })),
  });
}

export default function SheetHistory() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={data.back}>← {data.title}</Link>
      </p>
      <h2>{t('sheet.history')}</h2>
      <form method="get" className="stack">
        <label>
          Foyer{' '}
          <select name="foyer" defaultValue={data.householdId}>
            <option value="">Tous</option>
            {data.households.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Produit{' '}
          <select name="produit" defaultValue={data.productId}>
            <option value="">Tous</option>
            {data.products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filtrer</button>
      </form>
      {data.rows.length === 0 ? (
        <p>Aucune modification.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Quand</th>
              <th scope="col">Foyer</th>
              <th scope="col">Produit</th>
              <th scope="col">Qui</th>
              <th scope="col">Quantité</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id}>
                <td>{row.when}</td>
                <td>{row.household}</td>
                <td>{row.product}</td>
                <td>{row.who}</td>
                <td>{row.change}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
