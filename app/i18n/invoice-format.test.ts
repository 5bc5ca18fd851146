import { describe, expect, it } from 'vitest';
import { formatPriceBase, formatUnitPrice } from './invoice-format.ts';

// Spaces as printed: narrow no-break between thousands, no-break before units and €.
const printed = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('prix d’une ligne et unité de saisie', () => {
  it('un prix au kg se saisit « € / kg »', () => {
    const line = { unitPriceCents: 1250, priceBaseQuantityMilli: 1000, unitCode: 'KGM' as const };
    expect(printed(formatUnitPrice(line))).toBe('12,50 € / kg');
    expect(printed(formatPriceBase(line))).toBe('€ / kg');
  });

  it('un lait facturé aux 10 000 L se saisit « € / 10 000 L », pas au litre', () => {
    const line = {
      unitPriceCents: 501_075,
      priceBaseQuantityMilli: 10_000_000,
      unitCode: 'LTR' as const,
    };
    expect(printed(formatUnitPrice(line))).toBe('501,075 € / 1 000 L');
    expect(printed(formatPriceBase(line))).toBe('€ / 10 000 L');
  });

  it('une base de 12 pièces se dit telle quelle', () => {
    const line = { unitPriceCents: 480, priceBaseQuantityMilli: 12_000, unitCode: 'H87' as const };
    expect(printed(formatPriceBase(line))).toBe('€ / 12 pièces');
  });
});
