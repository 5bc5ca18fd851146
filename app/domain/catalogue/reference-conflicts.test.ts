import { describe, expect, it } from 'vitest';
import { findReferenceConflicts } from './reference-conflicts.ts';

const existing = [
  { id: 'oeufs', sku: 'OEUF-6', name: 'Œufs' },
  { id: 'miel', sku: 'MIEL', name: 'Miel' },
];

describe('findReferenceConflicts', () => {
  it.each([
    ['mise à jour sans changer de référence', [{ productId: 'miel', sku: 'miel', line: 2 }], []],
    ['nouveau produit, nouvelle référence', [{ productId: null, sku: 'NAV', line: 2 }], []],
    [
      'échange de références entre deux produits',
      [
        { productId: 'oeufs', sku: 'MIEL', line: 1 },
        { productId: 'miel', sku: 'OEUF-6', line: 2 },
      ],
      [],
    ],
    [
      'produit renommé vers une référence prise',
      [{ productId: 'oeufs', sku: 'miel', line: 3 }],
      ['3 Référence « miel » déjà utilisée par « Miel ».'],
    ],
    [
      'nouveau produit sur une référence prise',
      [{ productId: null, sku: 'Oeuf-6', line: 4 }],
      ['4 Référence « Oeuf-6 » déjà utilisée par « Œufs ».'],
    ],
    [
      'deux nouveaux produits, une référence',
      [
        { productId: null, sku: 'X', line: 2 },
        { productId: null, sku: 'x', line: 3 },
      ],
      ['3 Référence « x » donnée à deux nouveaux produits.'],
    ],
    [
      'produit inconnu (supprimé ou d’un autre producteur)',
      [{ productId: 'ailleurs', sku: 'Y', line: 5 }],
      ['5 Ce produit n’existe plus dans votre catalogue : rechargez la page.'],
    ],
  ])('%s', (_label, changes, expected) => {
    const errors = findReferenceConflicts({ existing, changes });
    expect(errors.map((error) => `${error.line} ${error.message}`)).toEqual(expected);
  });
});
