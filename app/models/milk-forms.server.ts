/**
 * Form handling shared by the dairy's collection and analysis pages: the request's fields
 * (multipart for a CSV upload, urlencoded otherwise), and the manual entry fields parsed with
 * the same cell rules as the CSV import (app/domain/milk/cells.ts).
 */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import {
  type CellResult,
  parseAntibioticsCell,
  parseCountCell,
  parseDayCell,
  parseFreezingPointCell,
  parseGramsPerLitreCell,
  parseLabelCell,
  parseLitresCell,
} from '#app/domain/milk/cells.ts';
import { hasAnyResult, type MilkAnalysis, type MilkCollection } from '#app/domain/milk/records.ts';

/** A month of collections for a few hundred farms is well under 2 MB. */
export const MAX_MILK_CSV_BYTES = 5 * 1024 * 1024;

export async function readMilkForm(
  request: Request,
): Promise<{ ok: true; form: FormData } | { ok: false; message: string }> {
  if (!request.headers.get('Content-Type')?.startsWith('multipart/form-data')) {
    return { ok: true, form: await request.formData() };
  }
  try {
    return {
      ok: true,
      form: await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_MILK_CSV_BYTES }),
      ),
    };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return { ok: false, message: 'Le fichier dépasse 5 Mo : découpez-le par mois.' };
    }
    return { ok: false, message: 'Envoi illisible : choisissez le fichier à nouveau.' };
  }
}

/** The uploaded CSV file's bytes, or a French reason. */
export async function uploadedCsv(
  form: FormData,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  const file = form.get('file');
  if (!(file instanceof Blob) || file.size === 0) {
    return { ok: false, message: 'Choisissez le fichier CSV à importer.' };
  }
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) };
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function collect<T>(errors: string[], result: CellResult<T>): T | undefined {
  if (result.ok) {
    return result.value;
  }
  errors.push(
    `${result.message.charAt(0).toUpperCase()}${result.message.slice(1).replace(/\.$/, '')}.`,
  );
  return undefined;
}

export type ParsedFields<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Fields `date`, `litres`, `tour`, `tank` of a manual collection. */
export function parseCollectionFields(form: FormData, today: string): ParsedFields<MilkCollection> {
  const errors: string[] = [];
  const collectedOn = collect(errors, parseDayCell(text(form, 'date'), today));
  const litres = collect(errors, parseLitresCell(text(form, 'litres')));
  const tour = collect(errors, parseLabelCell(text(form, 'tour'), 'tournée'));
  const tank = collect(errors, parseLabelCell(text(form, 'tank'), 'cuve'));
  if (
    errors.length > 0 ||
    !collectedOn ||
    litres === undefined ||
    tour === undefined ||
    tank === undefined
  ) {
    return { ok: false, errors };
  }
  return { ok: true, value: { collectedOn, litres, tour, tank } };
}

/** Fields of a manual lab result; blank fields are results the sample did not measure. */
export function parseAnalysisFields(form: FormData, today: string): ParsedFields<MilkAnalysis> {
  const errors: string[] = [];
  const optional = <T>(name: string, parse: (value: string) => CellResult<T>): T | null => {
    const value = text(form, name);
    return value.trim() === '' ? null : (collect(errors, parse(value)) ?? null);
  };
  const sampledOn = collect(errors, parseDayCell(text(form, 'date'), today));
  const sampleRef = collect(errors, parseLabelCell(text(form, 'sample'), 'échantillon'));
  const analysis = {
    sampledOn: sampledOn ?? '',
    sampleRef: sampleRef ?? '',
    fatMgPerL: optional('fat', (v) => parseGramsPerLitreCell(v, 'matière grasse')),
    proteinMgPerL: optional('protein', (v) => parseGramsPerLitreCell(v, 'matière protéique')),
    germsPerMl: optional('germs', (v) => parseCountCell(v, 'germes')),
    cellsPerMl: optional('cells', (v) => parseCountCell(v, 'cellules')),
    freezingPointMilliC: optional('freezingPoint', parseFreezingPointCell),
    antibiotics: optional('antibiotics', parseAntibioticsCell),
    butyricSporesPerL: optional('spores', (v) => parseCountCell(v, 'spores butyriques')),
  };
  if (errors.length === 0 && !hasAnyResult(analysis)) {
    errors.push('Saisissez au moins un résultat (MG, MP, germes, cellules…).');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: analysis };
}
