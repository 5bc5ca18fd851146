import type { IndicatorValue } from './schemas.ts';

export type ResolvedIndicator =
  | { ok: true; value: number; date: string | null }
  | {
      ok: false;
      code: 'indicator_missing' | 'indicator_date_missing' | 'indicator_not_in_force';
      message: string;
    };

/**
 * Value of an indicator on a given day. A series gives the value in force: the latest point
 * dated on or before `on` (indicators are published and then apply until the next publication,
 * e.g. every 6 months in BEEF-03).
 */
export function resolveIndicator(
  name: string,
  value: IndicatorValue | undefined,
  on: string | undefined,
): ResolvedIndicator {
  if (value === undefined) {
    return {
      ok: false,
      code: 'indicator_missing',
      message: `Champ « indicators.${name} » : valeur obligatoire, la formule utilise cet indicateur.`,
    };
  }
  if (typeof value === 'number') {
    return { ok: true, value, date: null };
  }
  if (on === undefined) {
    return {
      ok: false,
      code: 'indicator_date_missing',
      message: `Champ « on » : date d’évaluation obligatoire (AAAA-MM-JJ), l’indicateur « ${name} » est une série datée.`,
    };
  }
  // 'YYYY-MM-DD' strings compare in calendar order.
  const inForce = value
    .filter((point) => point.date <= on)
    .reduce<(typeof value)[number] | undefined>(
      (latest, point) => (latest === undefined || point.date > latest.date ? point : latest),
      undefined,
    );
  if (inForce === undefined) {
    const first = value.map((point) => point.date).sort()[0];
    return {
      ok: false,
      code: 'indicator_not_in_force',
      message: `Indicateur « ${name} » : aucune valeur en vigueur au ${on} (première valeur publiée le ${first}).`,
    };
  }
  return { ok: true, value: inForce.value, date: inForce.date };
}
