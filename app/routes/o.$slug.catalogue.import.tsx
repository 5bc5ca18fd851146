import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  type MetaFunction,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { requireCatalogueManager } from '#app/auth/require-catalogue.server.ts';
import { ImportErrorReport } from '#app/components/import-report.tsx';
import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';
import { t } from '#app/i18n/fr.ts';
import { importCatalogueCsv } from '#app/models/catalogue.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

/** A catalogue is a few hundred rows (≈ 100 kB); 5 MB leaves room for long descriptions. */
const MAX_CSV_BYTES = 5 * 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCatalogueManager(request, params.slug);
  return json({});
}

const fileError = (message: string) =>
  json(
    { errors: [{ line: 1, column: null, value: null, message }] as CsvImportError[] },
    { status: 400 },
  );

export async function action({ request, params }: ActionFunctionArgs) {
  const { producer, user } = await requireCatalogueManager(request, params.slug);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_CSV_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return fileError('Le fichier dépasse 5 Mo : ce n’est probablement pas un catalogue CSV.');
    }
    return fileError('Envoi illisible : choisissez le fichier à nouveau.');
  }
  const file = form.get('file');
  if (!(file instanceof Blob) || file.size === 0) {
    return fileError('Choisissez le fichier CSV de votre catalogue.');
  }
  const result = await importCatalogueCsv({
    producer,
    actorId: user.id,
    bytes: new Uint8Array(await file.arrayBuffer()),
  });
  if (!result.ok) {
    return json({ errors: result.errors }, { status: 400 });
  }
  return redirectWithToast(`/o/${producer.slug}/catalogue`, {
    kind: 'success',
    message: t('toast.catalogueImported', {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
    }),
  });
}

export default function ImportCatalogue() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <section>
      <h2>Importer un fichier CSV</h2>
      <p>
        Enregistrez votre tableur au format CSV (LibreOffice : « Enregistrer sous… », type « Texte
        CSV » ; Excel : « CSV (séparateur : point-virgule) »). UTF-8 ou Windows-1252, séparateur « ;
        » ou « , », décimales à virgule. La première ligne donne les titres des colonnes :
        Référence, Nom, Unité, TVA et Prix consommateur TTC sont obligatoires.
      </p>
      <p className="muted">
        Les produits sont reconnus par leur référence : ceux qui existent sont mis à jour, les
        autres sont créés. Si une seule ligne a un problème, rien n’est importé.
      </p>
      <ImportErrorReport errors={result?.errors ?? []} title="Le fichier n’a pas été importé" />
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">Fichier CSV</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" required />
        </div>
        <button type="submit" disabled={navigation.state === 'submitting'}>
          Importer
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Importer un catalogue — Cabas' }];
