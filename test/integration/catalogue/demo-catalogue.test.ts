import { describe, expect, it } from 'vitest';
import { findProducer, listProducerProducts } from '#app/models/catalogue.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

describe('catalogues de démonstration', () => {
  it('deux producteurs, 30 à 60 produits chacun, TVA selon leur régime', async () => {
    await seedDemo();
    const ferme = await findProducer('ferme-des-quatre-saisons');
    const chevrerie = await findProducer('chevrerie-du-vallon');
    const fermeProducts = await listProducerProducts(ferme!.id);
    const chevrerieProducts = await listProducerProducts(chevrerie!.id);
    for (const list of [fermeProducts, chevrerieProducts]) {
      expect(list.length).toBeGreaterThanOrEqual(30);
      expect(list.length).toBeLessThanOrEqual(60);
      expect(list.some((p) => p.isVariableWeight && p.saleUnit === 'kg')).toBe(true);
      expect(list.some((p) => p.egalimCategory === 'honey')).toBe(true);
    }
    expect(fermeProducts.every((p) => p.vatRateBp !== null)).toBe(true);
    expect(fermeProducts.some((p) => p.egalimCategory === 'egg')).toBe(true);
    expect(fermeProducts.some((p) => p.egalimCategory === 'fruit_vegetable')).toBe(true);
    expect(chevrerieProducts.every((p) => p.vatRateBp === null)).toBe(true);
    expect(chevrerieProducts.filter((p) => p.shelf === 'Fromages').length).toBeGreaterThan(10);
  });
});
