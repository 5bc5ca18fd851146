import { formatScaledDecimal } from '#app/domain/catalogue/french-number.ts';
import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import { VOLUME_UNIT_LABELS, type VolumeUnit } from './members.ts';

/** 600 000 000 thousandths of litres → « 600 000 litres » (display, grouped thousands). */
export function formatQuantity(milli: number, unit: VolumeUnit | undefined): string {
  const value = formatDecimalFr(formatScaledDecimal(milli, { decimals: 3, decimalSeparator: '.' }));
  return unit ? `${value} ${VOLUME_UNIT_LABELS[unit]}` : value;
}
