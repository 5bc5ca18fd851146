/**
 * The action of the dairy's collection and analysis pages (intents `import`, `add`, `correct`,
 * `delete`), shared by both: a CSV file all or nothing, or one record entered or corrected by
 * hand with the same cell rules. Refusals are JSON with French messages; success redirects.
 */
import { json } from '@remix-run/node';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';
import { formatLitres, type MilkAnalysis, type MilkCollection } from '#app/domain/milk/records.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';
import {
  type ParsedFields,
  parseAnalysisFields,
  parseCollectionFields,
  readMilkForm,
  uploadedCsv,
} from './milk-forms.server.ts';
import {
  deleteMilkRecord,
  importMilkCsv,
  type SaveRecordResult,
  saveMilkAnalysis,
  saveMilkCollection,
} from './milk-record.server.ts';
import { getMilkSupplier } from './milk-supplier.server.ts';

export type MilkRecordActionResult = {
  intent: string;
  errors?: string[];
  importErrors?: CsvImportError[];
};

type Saved = { day: string; producerName: string };

type RecordKind<T> = {
  kind: 'collections' | 'analyses';
  page: 'collectes' | 'analyses';
  deleteKind: 'collection' | 'analysis';
  importedLabel: string;
  parse: (form: FormData, today: string) => ParsedFields<T>;
  save: (options: {
    dairyId: string;
    producerId: string;
    id?: string;
    record: T;
    actorId: string;
  }) => Promise<SaveRecordResult>;
  savedMessage: (record: T, saved: Saved) => string;
  deletedMessage: string;
};

export const COLLECTION_PAGE: RecordKind<MilkCollection> = {
  kind: 'collections',
  page: 'collectes',
  deleteKind: 'collection',
  importedLabel: 'Collectes importées',
  parse: parseCollectionFields,
  save: ({ record, ...options }) => saveMilkCollection({ ...options, collection: record }),
  savedMessage: (record, saved) =>
    `Collecte du ${saved.day} enregistrée : ${formatLitres(record.litres)} pour ${saved.producerName}.`,
  deletedMessage: 'Collecte supprimée.',
};

export const ANALYSIS_PAGE: RecordKind<MilkAnalysis> = {
  kind: 'analyses',
  page: 'analyses',
  deleteKind: 'analysis',
  importedLabel: 'Analyses importées',
  parse: parseAnalysisFields,
  save: ({ record, ...options }) => saveMilkAnalysis({ ...options, analysis: record }),
  savedMessage: (_record, saved) =>
    `Analyse du ${saved.day} enregistrée pour ${saved.producerName}.`,
  deletedMessage: 'Analyse supprimée.',
};

function dayOf(record: MilkCollection | MilkAnalysis): string {
  return 'collectedOn' in record ? record.collectedOn : record.sampledOn;
}

export async function handleMilkRecordAction<T extends MilkCollection | MilkAnalysis>(options: {
  request: Request;
  dairy: { id: string; slug: string };
  actorId: string;
  page: RecordKind<T>;
}) {
  const { request, dairy, actorId, page } = options;
  const today = parisDayOf(new Date());
  const read = await readMilkForm(request);
  if (!read.ok) {
    return json<MilkRecordActionResult>(
      { intent: 'import', errors: [read.message] },
      { status: 400 },
    );
  }
  const { form } = read;
  const intent = String(form.get('intent') ?? '');
  const back = `/o/${dairy.slug}/lait/${page.page}?${new URL(request.url).searchParams}`;
  const refuse = (errors: string[], status = 422) =>
    json<MilkRecordActionResult>({ intent, errors }, { status });
  switch (intent) {
    case 'import': {
      const file = await uploadedCsv(form);
      if (!file.ok) {
        return refuse([file.message], 400);
      }
      const result = await importMilkCsv({
        dairyId: dairy.id,
        kind: page.kind,
        bytes: file.bytes,
        today,
        actorId,
      });
      if (!result.ok) {
        return json<MilkRecordActionResult>(
          { intent, importErrors: result.errors },
          { status: 422 },
        );
      }
      const ignored =
        result.ignoredColumns.length > 0
          ? ` Colonnes ignorées : ${result.ignoredColumns.join(', ')}.`
          : '';
      return redirectWithToast(back, {
        kind: 'success',
        message: `${page.importedLabel} : ${result.created} nouvelle(s), ${result.updated} corrigée(s) (${result.months.join(', ')}).${ignored}`,
      });
    }
    case 'add':
    case 'correct': {
      const producerId = String(form.get('producerId') ?? '');
      const supplier = producerId ? await getMilkSupplier({ dairyId: dairy.id, producerId }) : null;
      if (!supplier) {
        return refuse(['Choisissez un producteur que vous collectez.'], 400);
      }
      const fields = page.parse(form, today);
      if (!fields.ok) {
        return refuse(fields.errors, 400);
      }
      const id = intent === 'correct' ? String(form.get('id') ?? '') : undefined;
      const saved = await page.save({
        dairyId: dairy.id,
        producerId,
        ...(id ? { id } : {}),
        record: fields.value,
        actorId,
      });
      if (!saved.ok) {
        return refuse([saved.message]);
      }
      return redirectWithToast(back, {
        kind: 'success',
        message: page.savedMessage(fields.value, {
          day: dayOf(fields.value),
          producerName: supplier.producerName,
        }),
      });
    }
    case 'delete': {
      const deleted = await deleteMilkRecord({
        dairyId: dairy.id,
        kind: page.deleteKind,
        id: String(form.get('id') ?? ''),
        actorId,
      });
      return deleted.ok
        ? redirectWithToast(back, { kind: 'success', message: page.deletedMessage })
        : refuse([deleted.message]);
    }
    default:
      return refuse(['Action inconnue.'], 400);
  }
}
