import type { ProductDraft } from './schemas.ts';

/**
 * Test builder: a valid product draft (a dozen eggs) with overrides. Lives beside the
 * domain tests that use it; move to test/factories when other layers need it.
 */
export function makeProductDraft(overrides: Partial<ProductDraft> = {}): ProductDraft {
  return {
    sku: 'OEUF-12',
    name: 'Œufs plein air',
    description: 'Poules élevées en plein air, ramassés la veille.',
    egalimCategory: 'egg',
    isSiqo: false,
    shelf: 'Crèmerie',
    saleUnit: 'dozen',
    isVariableWeight: false,
    estimatedWeightGrams: null,
    stepMilli: 500,
    maxPerHouseholdMilli: 4000,
    packMilli: null,
    vatRateBp: 550,
    consumerPriceGrossCents: 480,
    proPriceNetCents: 380,
    labels: [],
    isActive: true,
    ...overrides,
  };
}
