import { describe, expect, it } from 'vitest';
import {
  b2cHouseholdInvoice,
  i1CreditNote,
  i1RestaurantInvoice,
} from '#test/einvoice/invoice-scenarios.ts';
import { checkInvoiceSnapshot } from './check-invoice-snapshot.ts';
import type { InvoiceSnapshot } from './invoice-types.ts';

const i1 = i1RestaurantInvoice();
const firstLine = i1.lines[0];
if (!firstLine) throw new Error('I1 a des lignes');

describe('checkInvoiceSnapshot', () => {
  it('accepte des totaux relus dans un autre ordre de clés', () => {
    const { vatBreakdown, ...amounts } = i1.totals;
    const reordered = {
      vatBreakdown: vatBreakdown.map(({ category, rateBp, basisCents, vatCents }) => ({
        vatCents,
        basisCents,
        rateBp,
        category,
      })),
      ...amounts,
    };
    expect(checkInvoiceSnapshot({ ...i1, totals: reordered })).toEqual([]);
  });

  it.each([
    ['I1', i1],
    ['facture B2C', b2cHouseholdInvoice()],
    ['avoir', i1CreditNote()],
  ])('%s : aucune anomalie', (_label, invoice) => {
    expect(checkInvoiceSnapshot(invoice)).toEqual([]);
  });

  it.each<[string, Partial<InvoiceSnapshot>, string]>([
    ['numéro de 36 caractères (BR-FR-01)', { number: 'F'.repeat(36) }, 'invalid_number'],
    [
      'échéance avant la date de facture (BR-FR-CO-07)',
      { payment: { ...i1.payment, dueDate: '2026-09-01' } },
      'invalid_date',
    ],
    ['facture sans ligne (BR-16)', { lines: [], totals: { ...i1.totals } }, 'no_lines'],
    [
      'montant de ligne retouché à la main',
      { lines: [{ ...firstLine, netAmountCents: 30_001 }, ...i1.lines.slice(1)] },
      'invalid_line_amount',
    ],
    [
      'TVA totale faussée à 21,55 (I7)',
      { totals: { ...i1.totals, vatTotalCents: 2155 } },
      'inconsistent_totals',
    ],
    [
      'taux de 7 % (BR-FR-16)',
      { lines: [{ ...firstLine, vat: { category: 'S', rateBp: 700 } }, ...i1.lines.slice(1)] },
      'invalid_vat',
    ],
    ['TVA facturée par un producteur au forfait', { sellerVatRegime: 'flat_rate' }, 'invalid_vat'],
    [
      'avoir sans facture d’origine (BR-FR-CO-05)',
      { typeCode: '381' },
      'missing_preceding_invoice',
    ],
    [
      'mention PMT en double (BR-FR-06)',
      { notes: [...i1.notes, { subjectCode: 'PMT', text: 'Indemnité : 40 €.' }] },
      'missing_mandatory_mention',
    ],
    [
      'mention AAB absente (BR-FR-05)',
      { notes: i1.notes.filter((note) => note.subjectCode !== 'AAB') },
      'missing_mandatory_mention',
    ],
    ['autofacture sans « Autofacturation »', { typeCode: '389' }, 'missing_mandatory_mention'],
    [
      'adresse 0225 avec un espace (BR-FR-23)',
      { seller: { ...i1.seller, electronicAddress: { scheme: '0225', value: '900000019 X' } } },
      'invalid_electronic_address',
    ],
    [
      'client sans adresse électronique (BR-FR-12)',
      { buyer: { ...i1.buyer, electronicAddress: { scheme: 'EM', value: '' } } },
      'invalid_electronic_address',
    ],
  ])('signale : %s', (_label, overrides, code) => {
    const issues = checkInvoiceSnapshot({ ...i1, ...overrides });
    expect(issues.map((issue) => issue.code)).toContain(code);
    expect(issues.every((issue) => issue.message.length > 0)).toBe(true);
  });
});
