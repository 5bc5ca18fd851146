import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { makeProductDraft } from './make-product-draft.ts';
import { ProductFormSchema, productFormDefaults } from './product-form.ts';

function formData(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      data.append(name, item);
    }
  }
  return data;
}

function defaultsAsFields(): Record<string, string | string[]> {
  const defaults = productFormDefaults(makeProductDraft({ labels: ['ab', 'hve'], isSiqo: true }));
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(defaults)) {
    if (typeof value === 'boolean') {
      if (value) {
        fields[name] = 'on';
      }
    } else if (value !== null) {
      fields[name] = value as string | string[];
    }
  }
  return fields;
}

describe('ProductFormSchema', () => {
  it('relit les valeurs par défaut d’un produit (décimales françaises, cases à cocher)', () => {
    const submission = parseWithZod(formData(defaultsAsFields()), { schema: ProductFormSchema });
    expect(submission.status).toBe('success');
    expect(submission.status === 'success' && submission.value).toEqual(
      makeProductDraft({ labels: ['ab', 'hve'], isSiqo: true }),
    );
  });

  it.each([
    ['consumerPriceGrossCents', '4.50,2', /nombre|virgule/],
    ['stepMilli', '0,0005', /3 décimales/],
    ['vatRateBp', '700', /taux de TVA/],
    ['maxPerHouseholdMilli', '4,25', /multiple du pas/],
    ['packMilli', '2,25', /Le colis \(2,25\) doit être un multiple du pas de commande \(0,5\)/],
    ['packMilli', '0', /plus que zéro/],
    ['packMilli', 'un carton', /n’est pas un nombre/],
  ])('%s « %s » : message en français sous le champ', (field, value, message) => {
    const submission = parseWithZod(formData({ ...defaultsAsFields(), [field]: value }), {
      schema: ProductFormSchema,
    });
    expect(submission.status).toBe('error');
    expect(submission.reply().error?.[field]?.[0]).toMatch(message);
  });

  it('lit « Vendu par colis de » en décimales françaises ; vide : vendu au détail', () => {
    const parse = (packMilli: string) => {
      const submission = parseWithZod(formData({ ...defaultsAsFields(), packMilli }), {
        schema: ProductFormSchema,
      });
      return submission.status === 'success' ? submission.value.packMilli : submission.status;
    };
    expect(parse('6')).toBe(6000);
    expect(parse('2,5')).toBe(2500);
    expect(parse('')).toBeNull();
  });

  it('remplit « Vendu par colis de » comme le producteur le tape', () => {
    expect(productFormDefaults(makeProductDraft({ packMilli: 2500 })).packMilli).toBe('2,5');
    expect(productFormDefaults(makeProductDraft({ packMilli: null })).packMilli).toBe('');
  });

  it('un produit au poids variable sans poids estimé le signale', () => {
    const fields = {
      ...defaultsAsFields(),
      isVariableWeight: 'on',
      saleUnit: 'kg',
      stepMilli: '1',
    };
    const submission = parseWithZod(formData(fields), { schema: ProductFormSchema });
    expect(submission.reply().error?.estimatedWeightGrams?.[0]).toMatch(/poids estimé/);
  });
});
