import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireCatalogueManager } from '#app/auth/require-catalogue.server.ts';
import { CatalogueGrid } from '#app/components/catalogue-grid.tsx';
import { ImportErrorReport } from '#app/components/import-report.tsx';
import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';
import {
  GRID_HEADERS,
  type GridRow,
  gridCellsOf,
  MAX_GRID_ROWS,
  parseCatalogueGrid,
} from '#app/domain/catalogue/grid.ts';
import { t } from '#app/i18n/fr.ts';
import {
  isUuid,
  listProducerProducts,
  productToDraft,
  saveProducts,
} from '#app/models/catalogue.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { producer } = await requireCatalogueManager(request, params.slug);
  const products = await listProducerProducts(producer.id);
  return json({
    slug: producer.slug,
    // Remounts the grid whenever the catalogue is reloaded (new products get their ids).
    version: Date.now(),
    rows: products.map((product) => ({
      productId: product.id,
      cells: gridCellsOf(productToDraft(product)),
    })),
  });
}

/** The grid's inputs (`rowCount`, `id<row>`, `c<row>_<column>`) back into rows. */
function readGridRows(form: FormData): GridRow[] | null {
  const rowCount = Number(form.get('rowCount'));
  if (!Number.isInteger(rowCount) || rowCount < 0 || rowCount > MAX_GRID_ROWS) {
    return null;
  }
  return Array.from({ length: rowCount }, (_, row) => {
    const id = form.get(`id${row}`);
    return {
      productId: typeof id === 'string' && isUuid(id) ? id : null,
      cells: GRID_HEADERS.map((_header, column) => {
        const value = form.get(`c${row}_${column}`);
        return typeof value === 'string' ? value : '';
      }),
    };
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { producer, user } = await requireCatalogueManager(request, params.slug);
  const rows = readGridRows(await request.formData());
  if (rows === null) {
    const errors: CsvImportError[] = [
      { line: 1, column: null, value: null, message: 'Grille illisible : rechargez la page.' },
    ];
    return json({ errors, rows: [] }, { status: 400 });
  }
  const parsed = parseCatalogueGrid(rows);
  const written = parsed.ok
    ? await saveProducts({
        producer,
        actorId: user.id,
        changes: parsed.changes,
        action: 'catalogue.grid_saved',
      })
    : parsed;
  if (!written.ok) {
    return json({ errors: written.errors, rows }, { status: 400 });
  }
  return redirectWithToast(`/o/${producer.slug}/catalogue`, {
    kind: 'success',
    message: t('toast.catalogueSaved', {
      created: written.created,
      updated: written.updated,
      unchanged: written.unchanged,
    }),
  });
}

export default function CatalogueGridPage() {
  const { slug, rows, version } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result?.errors ?? [];
  const initialRows = result?.rows.length ? result.rows : rows;
  return (
    <section>
      <h2>Grille du catalogue</h2>
      <p className="muted">
        {rows.length === 0
          ? 'Votre catalogue est vide : saisissez des produits ci-dessous, collez un bloc copié depuis votre tableur, ou importez un fichier CSV.'
          : `${rows.length} produit${rows.length > 1 ? 's' : ''}.`}{' '}
        Flèches et Entrée pour se déplacer ; collez un bloc copié depuis LibreOffice ou Excel (mêmes
        colonnes, décimales à virgule).
      </p>
      <ImportErrorReport errors={errors} title="La grille n’a pas été enregistrée" />
      <Form method="post" className="grid-form">
        <CatalogueGrid
          key={`${version}-${result ? 'submitted' : 'loaded'}`}
          headers={GRID_HEADERS}
          initialRows={initialRows}
          errors={errors}
          editHref={(productId) => `/o/${slug}/catalogue/${productId}`}
        />
        <button type="submit" disabled={navigation.state === 'submitting'}>
          Enregistrer la grille
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Catalogue — Cabas' }];
