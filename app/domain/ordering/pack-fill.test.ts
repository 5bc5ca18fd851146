import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openPacks, packFill, packsToPrepare } from './pack-fill.ts';

describe('packFill', () => {
  it('rien de commandé : aucun colis commencé, rien ne manque', () => {
    expect(packFill(0, 5000)).toEqual({ fullPacks: 0, openMilli: 0, missingMilli: 0 });
  });

  it('un colis de 5 kg commencé à 3,5 kg : il manque 1,5 kg', () => {
    expect(packFill(3500, 5000)).toEqual({ fullPacks: 0, openMilli: 3500, missingMilli: 1500 });
  });

  it('deux colis pleins et un troisième commencé', () => {
    expect(packFill(11_000, 5000)).toEqual({ fullPacks: 2, openMilli: 1000, missingMilli: 4000 });
  });

  it('juste plein : rien ne manque', () => {
    expect(packFill(12_000, 6000)).toEqual({ fullPacks: 2, openMilli: 0, missingMilli: 0 });
  });

  it('refuse une taille de colis nulle, négative ou fractionnaire', () => {
    expect(() => packFill(1000, 0)).toThrow(RangeError);
    expect(() => packFill(1000, -5)).toThrow(RangeError);
    expect(() => packFill(1000, 2.5)).toThrow(RangeError);
  });

  it('propriété : colis pleins × taille + colis ouvert = total ; ouvert + manque = un colis', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 100_000 }), (total, pack) => {
        const fill = packFill(total, pack);
        expect(fill.fullPacks * pack + fill.openMilli).toBe(total);
        expect(fill.openMilli).toBeLessThan(pack);
        if (fill.missingMilli === 0) {
          expect(fill.openMilli).toBe(0);
        } else {
          expect(fill.openMilli + fill.missingMilli).toBe(pack);
        }
      }),
    );
  });
});

describe('packsToPrepare', () => {
  it('compte le colis commencé', () => {
    expect(packsToPrepare(0, 5000)).toBe(0);
    expect(packsToPrepare(5000, 5000)).toBe(1);
    expect(packsToPrepare(5500, 5000)).toBe(2);
  });
});

describe('openPacks', () => {
  it('les produits au colis commencé, dans l’ordre de la feuille ; ni les produits en vrac ni les colis pleins', () => {
    const products = [
      { id: 'pommes', name: 'Pommes', packMilli: 5000 },
      { id: 'carottes', name: 'Carottes', packMilli: null },
      { id: 'vin', name: 'Vin', packMilli: 6000 },
      { id: 'comte', name: 'Comté', packMilli: 2000 },
    ];
    const open = openPacks(products, { pommes: 7000, carottes: 3000, vin: 6000, comte: 500 });
    expect(open.map((p) => [p.productId, p.fill.missingMilli])).toEqual([
      ['pommes', 3000],
      ['comte', 1500],
    ]);
  });
});
