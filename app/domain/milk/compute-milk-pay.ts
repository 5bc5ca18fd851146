import { decimalPriceToCents } from '#app/domain/money/decimal-input.ts';
import { multiplyAndRound, percentageOfCents, vatAmountCents } from '#app/domain/money/money.ts';
import {
  addDecimals,
  centsToDecimal,
  compareDecimals,
  formatDecimalFr as fr,
  roundHalfUp,
  formatSignedFr as signed,
  toScaledInteger,
} from '#app/domain/pricing/decimal.ts';
import { parseInput } from '#app/domain/pricing/parse-input.ts';
import { describeBand, describeClass, findClass, shareBands } from './grid.ts';
import { type MilkPayInput, type MilkPayInputRaw, MilkPayInputSchema } from './schemas.ts';

export type MilkTraceStep = { kind: string; text: string; value: string };

export type MilkPay = {
  ok: true;
  /** €/1000 L, 3 decimals. */
  pricePer1000L: string;
  amountExclVat: string;
  vat: string;
  total: string;
  /** RFA the farmer claims from the State (VAT-05), never on the invoice; null when liable. */
  flatRateRefund: string | null;
  trace: MilkTraceStep[];
  /** Same amounts in integer cents, for storage (STYLE §6.7). */
  cents: { amountExclVat: number; vat: number; total: number; flatRateRefund: number | null };
};

export type MilkPayResult = MilkPay | { ok: false; code: 'invalid_input'; message: string };

/** €/1000 L to the thousandth, as the net price of the self-billed invoice (486.773 / 1000 LTR). */
export const MILK_PRICE_DECIMALS = 3;

const THOUSAND_LITRES_MILLI = 1_000_000;

const euros = (cents: number) => `${fr(centsToDecimal(cents), 2)} €`;

/**
 * Monthly milk pay (MILK-06): P = base(38/32) + Σ fat bands + Σ protein bands + hygiene classes
 * + premiums in €/1000 L, rounded half-up to the thousandth (the invoice net price); amount =
 * P × litres / 1000 rounded half-up to the cent; VAT on the amount when liable, or no VAT on
 * the invoice and a flat-rate refund to claim from the State (VAT-04, VAT-05).
 */
export function computeMilkPay(raw: MilkPayInputRaw): MilkPayResult {
  const parsed = parseInput(MilkPayInputSchema, raw);
  if (!parsed.ok) {
    return { ok: false, code: 'invalid_input', message: parsed.message };
  }
  const input = parsed.value;
  const { standard } = input.grid;
  const trace: MilkTraceStep[] = [
    {
      kind: 'base',
      text: `Prix de base (${fr(standard.fat)} g/L MG, ${fr(standard.protein)} g/L MP) : ${fr(input.basePrice, MILK_PRICE_DECIMALS)} €/1000 L`,
      value: addDecimals(input.basePrice),
    },
    ...compositionSteps('fat', 'Matière grasse', input.fat, standard.fat, input),
    ...compositionSteps('protein', 'Matière protéique', input.protein, standard.protein, input),
    ...hygieneSteps('germs', 'Germes', input),
    ...hygieneSteps('cells', 'Cellules', input),
    ...input.grid.premiums.map((premium) => ({
      kind: 'premium',
      text: `${premium.label} : ${signed(premium.amount, MILK_PRICE_DECIMALS)} €/1000 L`,
      value: addDecimals(premium.amount),
    })),
  ];
  const exactPrice = addDecimals(...trace.map((step) => step.value));
  if (compareDecimals(exactPrice, 0) < 0) {
    return {
      ok: false,
      code: 'invalid_input',
      message: `Champ « grid » : le prix calculé est négatif (${fr(exactPrice)} €/1000 L), vérifier les pénalités de la grille.`,
    };
  }
  const price = roundHalfUp(exactPrice, MILK_PRICE_DECIMALS);
  const rounding =
    compareDecimals(price, exactPrice) === 0
      ? ''
      : ` (arrondi de ${fr(exactPrice)}, demi vers le haut)`;
  trace.push({
    kind: 'price',
    text: `Prix du lait : ${fr(price)} €/1000 L${rounding}`,
    value: price,
  });

  const amount = amountFor(price, input.litres);
  trace.push({
    kind: 'amount',
    text: `Montant HT : ${fr(price)} €/1000 L × ${fr(input.litres)} L = ${euros(amount)}`,
    value: centsToDecimal(amount),
  });
  return { ok: true, pricePer1000L: price, ...settleVat(input, amount, trace) };
}

/** Rounded once, half-up, to the cent by the money module (STYLE §6.7). */
function amountFor(price: string, litres: number): number {
  const perThousandLitres = decimalPriceToCents(price, THOUSAND_LITRES_MILLI);
  if (!perThousandLitres.ok) {
    throw new RangeError(perThousandLitres.message);
  }
  return multiplyAndRound(
    perThousandLitres.unitPriceCents,
    toScaledInteger(litres, 3),
    perThousandLitres.priceBaseQuantityMilli,
  );
}

function compositionSteps(
  key: 'fat' | 'protein',
  label: string,
  measured: number,
  standardValue: number,
  input: MilkPayInput,
): MilkTraceStep[] {
  const shares = shareBands(measured, standardValue, input.grid[key]);
  if (shares.length === 0) {
    return [
      {
        kind: key,
        text: `${label} ${fr(measured, 1)} g/L (standard ${fr(standardValue)} g/L) : sans ajustement`,
        value: '0',
      },
    ];
  }
  return shares.map((share) => ({
    kind: key,
    text: `${label} ${fr(measured, 1)} g/L${describeBand(share.band)} : ${signed(share.grams, 1)} g/L × ${fr(share.band.perG, 2)} = ${signed(share.amount, MILK_PRICE_DECIMALS)} €/1000 L`,
    value: share.amount,
  }));
}

function hygieneSteps(key: 'germs' | 'cells', label: string, input: MilkPayInput): MilkTraceStep[] {
  const classes = input.grid[key];
  const count = input[key];
  if (count === undefined) {
    return [];
  }
  if (!classes) {
    const text = `${label} ${fr(count)}/mL : pas de classes dans la grille, sans effet`;
    return [{ kind: key, text, value: '0' }];
  }
  const found = findClass(count, classes);
  return [
    {
      kind: key,
      text: `${label} ${fr(count)}/mL, ${describeClass(found.index, classes)} : ${signed(found.class.amount, MILK_PRICE_DECIMALS)} €/1000 L`,
      value: addDecimals(found.class.amount),
    },
  ];
}

function settleVat(input: MilkPayInput, amount: number, trace: MilkTraceStep[]) {
  if (input.vatRegime === 'flat_rate') {
    // VAT-04/05: no VAT on the invoice; the farmer claims the refund from the State.
    const refund = percentageOfCents(amount, toScaledInteger(input.flatRateRefundRate, 2));
    trace.push(
      {
        kind: 'vat',
        text: 'TVA : 0,00 € (remboursement forfaitaire agricole, pas de TVA sur la facture, CGI art. 298 bis)',
        value: '0.00',
      },
      { kind: 'total', text: `Total : ${euros(amount)}`, value: centsToDecimal(amount) },
      {
        kind: 'flat_rate_refund',
        text: `Remboursement forfaitaire ${fr(input.flatRateRefundRate)} % à demander à l’État (CGI art. 298 quater) : ${euros(refund)}`,
        value: centsToDecimal(refund),
      },
    );
    return {
      amountExclVat: centsToDecimal(amount),
      vat: '0.00',
      total: centsToDecimal(amount),
      flatRateRefund: centsToDecimal(refund),
      trace,
      cents: { amountExclVat: amount, vat: 0, total: amount, flatRateRefund: refund },
    };
  }
  // The schema requires vatRate when liable.
  const rate = input.vatRate ?? 0;
  const vat = vatAmountCents(amount, toScaledInteger(rate, 2));
  const total = amount + vat;
  trace.push(
    { kind: 'vat', text: `TVA ${fr(rate)} % : ${euros(vat)}`, value: centsToDecimal(vat) },
    { kind: 'total', text: `Total TTC : ${euros(total)}`, value: centsToDecimal(total) },
  );
  return {
    amountExclVat: centsToDecimal(amount),
    vat: centsToDecimal(vat),
    total: centsToDecimal(total),
    flatRateRefund: null,
    trace,
    cents: { amountExclVat: amount, vat, total, flatRateRefund: null },
  };
}
