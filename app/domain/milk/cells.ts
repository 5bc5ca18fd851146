import { parseScaledDecimal } from '#app/domain/catalogue/french-number.ts';
import { toLookupKey } from '#app/domain/catalogue/lookup-key.ts';
import { isIsoDate } from '#app/domain/invoicing/calendar-days.ts';
import type { AntibioticsResult } from './records.ts';

/**
 * One cell of a collection or analysis, as a dairy's or lab's spreadsheet writes it (decimal
 * comma, thousands spaces, French dates), into the integer units of records.ts. Shared by the
 * CSV import and the manual entry forms, so both accept and refuse the same things.
 */

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string) => ({ ok: false as const, message });

/** 'AAAA-MM-JJ', 'JJ/MM/AAAA' or 'JJ/MM/AA' (20xx), never in the future. */
export function parseDayCell(text: string, today: string): CellResult<string> {
  const value = text.trim();
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value);
  const day = french
    ? `${french[3]!.length === 2 ? `20${french[3]}` : french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}`
    : value;
  if (!isIsoDate(day)) {
    return fail(`date « ${value} » invalide (JJ/MM/AAAA ou AAAA-MM-JJ)`);
  }
  if (day > today) {
    return fail(`date du ${day} dans le futur`);
  }
  return { ok: true, value: day };
}

/** Whole litres, 1 to 100 000 per collection (a tanker holds about 30 000 L). */
export function parseLitresCell(text: string): CellResult<number> {
  const parsed = parseScaledDecimal(text, {
    decimals: 0,
    tooPreciseMessage: 'number.wholePrecision',
  });
  if (!parsed.ok) {
    return fail(`litres : ${parsed.message}`);
  }
  if (parsed.value < 1 || parsed.value > 100_000) {
    return fail(
      `litres : ${parsed.value} hors des valeurs possibles pour une collecte (1 à 100 000 L)`,
    );
  }
  return parsed;
}

/**
 * A fat or protein content in g/L → mg/L. Plausible range 20–80 g/L: a value given in % or
 * g/kg by mistake (4,2) is refused with the hint rather than paid as 4,2 g/L.
 */
export function parseGramsPerLitreCell(text: string, label: string): CellResult<number> {
  const parsed = parseScaledDecimal(text, {
    decimals: 3,
    tooPreciseMessage: 'number.milliPrecision',
  });
  if (!parsed.ok) {
    return fail(`${label} : ${parsed.message}`);
  }
  if (parsed.value < 20_000 || parsed.value > 80_000) {
    return fail(
      `${label} : « ${text.trim()} » g/L hors des valeurs possibles (20 à 80 g/L) ; vérifiez l’unité (g/L, pas %)`,
    );
  }
  return parsed;
}

/** A count per mL or per L; `thousands` when the column is titled « (x1000) ». */
export function parseCountCell(text: string, label: string, thousands = false): CellResult<number> {
  const parsed = parseScaledDecimal(text, {
    decimals: thousands ? 3 : 0,
    tooPreciseMessage: 'number.wholePrecision',
  });
  if (!parsed.ok) {
    return fail(`${label} : ${parsed.message}`);
  }
  if (parsed.value > 100_000_000_000) {
    return fail(`${label} : « ${text.trim()} » trop grand`);
  }
  return parsed;
}

/**
 * Freezing point, always below zero: « −0,522 » °C, or « −522 » / « 522 » m°C as some labs
 * write it → −522. Plausible between −0,400 and −0,700 °C.
 */
export function parseFreezingPointCell(text: string): CellResult<number> {
  const unsigned = text.trim().replace(/^[-\u2212]\s*/, '');
  const parsed = parseScaledDecimal(unsigned, {
    decimals: 3,
    tooPreciseMessage: 'number.milliPrecision',
  });
  if (!parsed.ok) {
    return fail(`point de congélation : ${parsed.message}`);
  }
  const milli = parsed.value >= 100_000 ? parsed.value / 1000 : parsed.value;
  if (!Number.isInteger(milli) || milli < 400 || milli > 700) {
    return fail(
      `point de congélation « ${text.trim()} » hors des valeurs possibles (−0,400 à −0,700 °C)`,
    );
  }
  return { ok: true, value: -milli };
}

const ANTIBIOTICS: Record<string, AntibioticsResult> = {
  negatif: 'negative',
  negative: 'negative',
  neg: 'negative',
  n: 'negative',
  non: 'negative',
  '0': 'negative',
  absence: 'negative',
  positif: 'positive',
  positive: 'positive',
  pos: 'positive',
  p: 'positive',
  oui: 'positive',
  '1': 'positive',
  presence: 'positive',
};

export function parseAntibioticsCell(text: string): CellResult<AntibioticsResult> {
  const trimmed = text.trim();
  const value =
    trimmed === '-' ? 'negative' : trimmed === '+' ? 'positive' : ANTIBIOTICS[toLookupKey(trimmed)];
  return value
    ? { ok: true, value }
    : fail(`antibiotiques : « ${trimmed} » inconnu (négatif ou positif)`);
}

/** Round, tank and sample references: short free text. */
export function parseLabelCell(text: string, label: string, max = 40): CellResult<string> {
  const value = text.trim();
  return value.length > max ? fail(`${label} : ${max} caractères au plus`) : { ok: true, value };
}
