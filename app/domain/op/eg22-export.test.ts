import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  i1RestaurantInvoice,
  milkSelfBilledCreditNote,
  milkSelfBilledInvoice,
} from '#test/einvoice/invoice-scenarios.ts';
import { buildEg22Export, EG22_CSV_HEADER, eg22ToCsv, eg22ToJson } from './eg22-export.ts';

const member = (number: string, name: string) => ({ number, name, siren: '812456788' });
const mandate = { reference: 'MF-2026-0002', signedOn: '2026-01-20' };

function sample() {
  const milk = milkSelfBilledInvoice();
  const i1 = i1RestaurantInvoice();
  const opInvoice = {
    ...i1,
    number: 'OP2026-000001',
    issueDate: '2026-08-31',
    lines: i1.lines.map((line) => ({ ...line, contractReference: 'AC-2026-0001' })),
  };
  const refund = milkSelfBilledCreditNote();
  return buildEg22Export({
    op: { name: 'OP Lait des Monts du Lyonnais', siren: '794567891' },
    buyer: { name: 'Laiterie de la Coise', siren: '804678910' },
    month: '2026-08',
    generatedAt: '2026-09-05T08:00:00.000Z',
    invoices: [
      { snapshot: milk, issuedBy: 'buyer', member: member('ML-002', 'Ferme du Pilat'), mandate },
      { snapshot: opInvoice, issuedBy: 'op', member: member('ML-001', 'GAEC des Monts'), mandate },
      { snapshot: refund, issuedBy: 'buyer', member: member('ML-002', 'Ferme du Pilat'), mandate },
    ],
    criteria: [
      { reference: 'AC-2026-0001', title: 'Lait cru', clauses: ['Prix déterminé par formule.'] },
      { reference: 'AC-2026-0099', title: 'Autre accord', clauses: ['Non utilisé.'] },
    ],
  });
}

describe('buildEg22Export (L631-24 IV dernier al.)', () => {
  it('les factures par n° d’adhérent, les avoirs en négatif dans les totaux', () => {
    const data = sample();
    expect(data.invoices.map((i) => [i.member.number, i.number, i.type, i.issuedBy])).toEqual([
      ['ML-001', 'OP2026-000001', 'Facture', 'op'],
      ['ML-002', data.invoices[1]!.number, 'Autofacturation', 'buyer'],
      ['ML-002', data.invoices[2]!.number, 'Avoir autofacturé', 'buyer'],
    ]);
    const [op, milk, refund] = data.invoices;
    expect(data.totals).toEqual({
      invoices: 3,
      netCents: op!.netCents + milk!.netCents - refund!.netCents,
      vatCents: op!.vatCents + milk!.vatCents - refund!.vatCents,
      grossCents: op!.grossCents + milk!.grossCents - refund!.grossCents,
    });
    // M1: 30 000 L at 486.773 €/1 000 L = 14 603,19 € HT, 15 406,37 € TTC.
    expect(milk).toMatchObject({ netCents: 1_460_319, grossCents: 1_540_637 });
  });

  it('les critères de prix ne gardent que les références utilisées par les lignes', () => {
    const data = sample();
    expect(data.priceCriteria.map((c) => c.reference)).toEqual(['AC-2026-0001']);
    expect(data.invoices[0]!.lines.every((l) => l.contractReference === 'AC-2026-0001')).toBe(true);
    expect(data.legalBasis).toBe('Art. L631-24 IV dernier alinéa CRPM');
  });
});

describe('eg22ToCsv', () => {
  it('BOM, « ; », virgule décimale, une ligne par ligne de facture', () => {
    const csv = eg22ToCsv(sample());
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv.slice(1), { delimiter: ';' }) as string[][];
    expect(rows[0]).toEqual([...EG22_CSV_HEADER]);
    const data = sample();
    expect(rows.length - 1).toBe(data.invoices.reduce((n, i) => n + i.lines.length, 0));
    const milkRow = rows.find((r) => r[7] === 'Autofacturation')!;
    expect(milkRow.slice(0, 9)).toEqual([
      '2026-08',
      'Laiterie de la Coise',
      '804678910',
      'ML-002',
      'Ferme du Pilat',
      '812456788',
      data.invoices[1]!.number,
      'Autofacturation',
      'Acheteur (autofacturation)',
    ]);
    expect(milkRow[9]).toBe('MF-2026-0002 du 2026-01-20');
    expect(milkRow[13]).toBe('30000');
    expect(milkRow[21]).toBe('15406,37');
    expect(milkRow[24]).toContain(' | ');
  });
});

describe('eg22ToJson', () => {
  it('montants en chaînes décimales à point, quantités en nombres (docs/cli.md)', () => {
    const json = eg22ToJson(sample());
    const milk = json.invoices[1]!;
    expect(milk).toMatchObject({ net: '14603.19', vat: '803.18', total: '15406.37' });
    expect(milk.lines[0]).toMatchObject({
      quantity: 30_000,
      unitCode: 'LTR',
      unitPrice: '4867.73',
      priceBaseQuantity: 10_000,
      net: '14603.19',
      vatRate: 5.5,
    });
    expect(json.format).toBe('cabas-eg22/1');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
