import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { auditLog, indicators, indicatorValues } from '#app/db/schema.ts';
import type { IndicatorKind } from '#app/domain/egalim/indicator-kinds.ts';
import { type CsvRowError, parseIndicatorCsv } from '#app/domain/pricing/indicator-csv.ts';
import type { IndicatorPoint } from '#app/domain/pricing/schemas.ts';

/**
 * Price indicators and their dated values (L631-24 III al. 15-16): a producer's own production
 * costs, or shared series (owner null) such as Idele costs and FranceAgriMer quotations.
 */

export type IndicatorView = {
  id: string;
  code: string;
  label: string;
  kind: IndicatorKind;
  unit: string;
  source: string;
  shared: boolean;
  lastValue: { on: string; value: string } | null;
  valueCount: number;
};

/** The producer's indicators and the shared ones, with their latest value. */
export async function listIndicators(options: { ownerId: string }): Promise<IndicatorView[]> {
  const rows = await getDb()
    .select({
      id: indicators.id,
      code: indicators.code,
      label: indicators.label,
      kind: indicators.kind,
      unit: indicators.unit,
      source: indicators.source,
      ownerId: indicators.ownerId,
      valueCount: sql<number>`(select count(*)::int from indicator_values v where v.indicator_id = ${indicators.id})`,
      lastOn: sql<
        string | null
      >`(select max(v.value_on)::text from indicator_values v where v.indicator_id = ${indicators.id})`,
      lastValue: sql<
        string | null
      >`(select v.value::text from indicator_values v where v.indicator_id = ${indicators.id} order by v.value_on desc limit 1)`,
    })
    .from(indicators)
    .where(or(eq(indicators.ownerId, options.ownerId), isNull(indicators.ownerId)))
    .orderBy(asc(indicators.ownerId), asc(indicators.code));
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    label: row.label,
    kind: row.kind,
    unit: row.unit,
    source: row.source,
    shared: row.ownerId === null,
    valueCount: row.valueCount,
    lastValue:
      row.lastOn && row.lastValue
        ? { on: row.lastOn, value: normaliseDecimal(row.lastValue) }
        : null,
  }));
}

export type NewIndicator = {
  code: string;
  label: string;
  kind: IndicatorKind;
  unit: string;
  source: string;
};

/** `ownerId` null creates a shared indicator (seed, operations only). */
export async function createIndicator(options: {
  ownerId: string | null;
  indicator: NewIndicator;
}): Promise<{ ok: true; id: string } | { ok: false; code: 'code_taken' }> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(indicators)
      .values({ ownerId: options.ownerId, ...options.indicator })
      .onConflictDoNothing()
      .returning({ id: indicators.id });
    if (!row) {
      return { ok: false as const, code: 'code_taken' as const };
    }
    return { ok: true as const, id: row.id };
  });
}

export type IndicatorImportResult =
  | { ok: true; rowCount: number; indicatorCount: number }
  | { ok: false; message: string; errors: CsvRowError[] };

/**
 * Imports `indicator;date;value` rows into the producer's indicators, all or nothing: a bad row
 * or an indicator the producer does not own rejects the whole file with one French message per
 * row; a value already present for that day is replaced.
 */
export async function importIndicatorCsv(options: {
  ownerId: string;
  text: string;
  actorId: string | null;
}): Promise<IndicatorImportResult> {
  const parsed = parseIndicatorCsv(options.text);
  if (!parsed.ok) {
    return { ok: false, message: parsed.message, errors: parsed.errors };
  }
  const codes = Object.keys(parsed.indicators);
  const owned = await getDb()
    .select({ id: indicators.id, code: indicators.code })
    .from(indicators)
    .where(and(eq(indicators.ownerId, options.ownerId), inArray(indicators.code, codes)));
  const idByCode = new Map(owned.map((row) => [row.code, row.id]));
  const unknown = codes.filter((code) => !idByCode.has(code));
  if (unknown.length > 0) {
    const errors = unknown.map((code) => ({
      line: firstLineOf(options.text, code),
      message: `indicateur « ${code} » inconnu : créez-le d’abord dans vos indicateurs`,
    }));
    return {
      ok: false,
      message: [
        'Fichier d’indicateurs refusé, rien n’a été importé :',
        ...errors.map((error) => `Ligne ${error.line} : ${error.message}.`),
      ].join('\n'),
      errors,
    };
  }
  await getDb().transaction(async (tx) => {
    for (const [code, points] of Object.entries(parsed.indicators)) {
      const indicatorId = idByCode.get(code)!;
      await tx
        .insert(indicatorValues)
        .values(
          points.map((point) => ({ indicatorId, valueOn: point.date, value: String(point.value) })),
        )
        .onConflictDoUpdate({
          target: [indicatorValues.indicatorId, indicatorValues.valueOn],
          set: { value: sql`excluded.value`, importedAt: new Date() },
        });
    }
    await tx.insert(auditLog).values({
      actorUserId: options.actorId,
      organisationId: options.ownerId,
      action: 'indicators.imported',
      entity: 'indicator_values',
      entityId: null,
      data: { rowCount: parsed.rowCount, codes },
    });
  });
  return { ok: true, rowCount: parsed.rowCount, indicatorCount: codes.length };
}

/** Writes a series directly (shared indicators from the seed or operations). */
export async function setIndicatorValues(options: {
  indicatorId: string;
  points: IndicatorPoint[];
}): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx
      .insert(indicatorValues)
      .values(
        options.points.map((point) => ({
          indicatorId: options.indicatorId,
          valueOn: point.date,
          value: String(point.value),
        })),
      )
      .onConflictDoUpdate({
        target: [indicatorValues.indicatorId, indicatorValues.valueOn],
        set: { value: sql`excluded.value` },
      });
  });
}

/**
 * Series of the given codes as a formula reads them, the producer's own indicator winning over
 * a shared one of the same code. Codes without values are left out (evaluatePrice then names
 * the missing indicator).
 */
export async function loadIndicatorSeries(options: {
  ownerId: string;
  codes: string[];
}): Promise<Record<string, IndicatorPoint[]>> {
  if (options.codes.length === 0) {
    return {};
  }
  const rows = await getDb()
    .select({
      code: indicators.code,
      ownerId: indicators.ownerId,
      valueOn: indicatorValues.valueOn,
      value: indicatorValues.value,
    })
    .from(indicators)
    .innerJoin(indicatorValues, eq(indicatorValues.indicatorId, indicators.id))
    .where(
      and(
        inArray(indicators.code, options.codes),
        or(eq(indicators.ownerId, options.ownerId), isNull(indicators.ownerId)),
      ),
    )
    .orderBy(asc(indicatorValues.valueOn));
  const owned = new Set(rows.filter((row) => row.ownerId !== null).map((row) => row.code));
  const series: Record<string, IndicatorPoint[]> = {};
  for (const row of rows) {
    if (row.ownerId === null && owned.has(row.code)) {
      continue;
    }
    series[row.code] = [
      ...(series[row.code] ?? []),
      { date: row.valueOn, value: Number(row.value) },
    ];
  }
  return series;
}

/** '5.100000' → '5.1' */
function normaliseDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

function firstLineOf(text: string, code: string): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const index = lines.findIndex((line) => {
    const cell = line.split(/[;,]/)[0]?.trim().replace(/^"|"$/g, '');
    return cell === code;
  });
  return index + 1;
}
