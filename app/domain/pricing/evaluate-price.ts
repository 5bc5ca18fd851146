import { Exact, formatDecimalFr as fr, formatSignedFr as signed } from './decimal.ts';
import { type ConformationClass, thirdsAbove } from './europ.ts';
import { resolveIndicator } from './indicators.ts';
import { parseInput } from './parse-input.ts';
import { type PriceFormula, type PriceRequestInput, PriceRequestSchema } from './schemas.ts';

export type TraceStepKind =
  | 'indicator'
  | 'term'
  | 'sum'
  | 'conformation'
  | 'adjustment'
  | 'subtotal'
  | 'rounding'
  | 'tunnel'
  | 'price';

/** One line of the explanation printed for the producer or the auditor (STYLE §6.9). */
export type TraceStep = {
  kind: TraceStepKind;
  /** French sentence with the numbers: "Coût de production 5,10 × 0,70 = 3,570". */
  text: string;
  /** Exact result of the step as a decimal string with a point ('3.57'). */
  value: string;
};

export type PriceErrorCode =
  | 'invalid_input'
  | 'indicator_missing'
  | 'indicator_date_missing'
  | 'indicator_not_in_force'
  | 'conformation_missing'
  | 'price_negative';

export type PriceResult =
  | { ok: true; price: string; trace: TraceStep[] }
  | { ok: false; code: PriceErrorCode; message: string };

/** Inputs printed with at least cents, as contracts write them ("5,10", "0,70"). */
const INPUT_DECIMALS = 2;

/**
 * Price from a formula and indicator values (EG-10 1°, EG-11, BEEF-01/02): Σ (indicator −
 * deduction) × weight, + perThird × thirds of conformation above the reference, + adjustments;
 * rounded half-up once to `formula.decimals`, then held inside the tunnel if any (EG-19).
 */
export function evaluatePrice(request: PriceRequestInput): PriceResult {
  const parsed = parseInput(PriceRequestSchema, request);
  if (!parsed.ok) {
    return { ok: false, code: 'invalid_input', message: parsed.message };
  }
  const { formula, indicators, conformation, on } = parsed.value;
  const out = formula.decimals;
  const trace: TraceStep[] = [];

  let weighted = new Exact(0);
  for (const term of formula.terms) {
    const resolved = resolveIndicator(term.indicator, indicators[term.indicator], on);
    if (!resolved.ok) {
      return resolved;
    }
    const label = term.label ?? `Indicateur « ${term.indicator} »`;
    const value = new Exact(resolved.value);
    if (resolved.date !== null) {
      trace.push({
        kind: 'indicator',
        text: `${label} : valeur publiée le ${resolved.date}, en vigueur au ${on} : ${fr(value, INPUT_DECIMALS)}`,
        value: value.toString(),
      });
    }
    const net = value.minus(term.deduction ?? 0);
    const product = net.times(term.weight);
    const factor =
      term.deduction === undefined
        ? fr(value, INPUT_DECIMALS)
        : `(${fr(value, INPUT_DECIMALS)} − ${fr(term.deduction, INPUT_DECIMALS)})`;
    trace.push({
      kind: 'term',
      text: `${label} ${factor} × ${fr(term.weight, INPUT_DECIMALS)} = ${fr(product, out)}`,
      value: product.toString(),
    });
    weighted = weighted.plus(product);
  }
  trace.push({
    kind: 'sum',
    text: `Somme pondérée des indicateurs : ${fr(weighted, out)}`,
    value: weighted.toString(),
  });

  const quality = conformationStep(formula, conformation);
  if (quality && 'code' in quality) {
    return { ok: false, ...quality };
  }
  const steps = [...(quality ? [quality] : []), ...adjustmentSteps(formula)];
  trace.push(...steps);
  const computed = steps.reduce((sum, step) => sum.plus(step.value), weighted);
  if (steps.length > 0) {
    trace.push({
      kind: 'subtotal',
      text: `Prix calculé : ${fr(computed, out)}`,
      value: computed.toString(),
    });
  }
  if (computed.isNegative() && !computed.isZero()) {
    return {
      ok: false,
      code: 'price_negative',
      message: `Le prix calculé est négatif (${fr(computed, out)}) : vérifier les déductions et ajustements de la formule.`,
    };
  }

  const rounded = computed.toDecimalPlaces(out, Exact.ROUND_HALF_UP);
  if (!rounded.equals(computed)) {
    trace.push({
      kind: 'rounding',
      text: `Arrondi à ${out} décimale(s), demi vers le haut : ${fr(computed)} → ${fr(rounded, out)}`,
      value: rounded.toString(),
    });
  }
  const price = formula.tunnel ? applyTunnel(formula.tunnel, rounded, out, trace) : rounded;
  trace.push({ kind: 'price', text: `Prix retenu : ${fr(price, out)}`, value: price.toString() });
  return { ok: true, price: price.toFixed(out), trace };
}

function conformationStep(
  formula: PriceFormula,
  conformation: ConformationClass | undefined,
): TraceStep | { code: 'conformation_missing'; message: string } | null {
  const rule = formula.conformation;
  if (!rule) {
    return conformation === undefined
      ? null
      : {
          kind: 'conformation',
          text: `Conformation ${conformation} : la formule ne prévoit pas d’ajustement de conformation`,
          value: '0',
        };
  }
  if (conformation === undefined) {
    return {
      code: 'conformation_missing',
      message: `Champ « conformation » : classe EUROP de la carcasse obligatoire, la formule ajuste le prix par tiers de classe (référence ${rule.reference}).`,
    };
  }
  const thirds = thirdsAbove(conformation, rule.reference);
  const amount = new Exact(rule.perThird).times(thirds);
  const position = thirds >= 0 ? `${thirds} tiers au-dessus` : `${-thirds} tiers en dessous`;
  return {
    kind: 'conformation',
    text: `Conformation ${conformation} contre référence ${rule.reference} (${position}) : ${thirds} × ${fr(rule.perThird, INPUT_DECIMALS)} = ${signed(amount, formula.decimals)}`,
    value: amount.toString(),
  };
}

function adjustmentSteps(formula: PriceFormula): TraceStep[] {
  return formula.adjustments.map((adjustment) => ({
    kind: 'adjustment',
    text: `${adjustment.label} : ${signed(adjustment.amount, formula.decimals)}`,
    value: new Exact(adjustment.amount).toString(),
  }));
}

function applyTunnel(
  tunnel: { min: number; max: number },
  price: Exact,
  decimals: number,
  trace: TraceStep[],
): Exact {
  const bounds = `Tunnel de prix [${fr(tunnel.min, INPUT_DECIMALS)} ; ${fr(tunnel.max, INPUT_DECIMALS)}]`;
  const shown = fr(price, decimals);
  let held = price;
  let text = `${bounds} : ${shown} est dans le tunnel`;
  if (price.lessThan(tunnel.min)) {
    held = new Exact(tunnel.min);
    text = `${bounds} : ${shown} est sous le plancher, prix porté à ${fr(held, decimals)}`;
  } else if (price.greaterThan(tunnel.max)) {
    held = new Exact(tunnel.max);
    text = `${bounds} : ${shown} dépasse le plafond, prix ramené à ${fr(held, decimals)}`;
  }
  trace.push({ kind: 'tunnel', text, value: held.toString() });
  return held;
}
