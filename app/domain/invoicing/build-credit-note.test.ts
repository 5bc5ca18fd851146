import { describe, expect, it } from 'vitest';
import {
  i1CreditNote,
  i1RestaurantInvoice,
  milkSelfBilledCreditNote,
  milkSelfBilledInvoice,
} from '#test/einvoice/invoice-scenarios.ts';
import {
  type BuildCreditNoteOptions,
  buildCreditNote,
  finalizeCreditNote,
} from './build-credit-note.ts';

const invoice = i1RestaurantInvoice();

function creditOf(options: BuildCreditNoteOptions) {
  const result = buildCreditNote(invoice, options);
  if (!result.ok) throw new Error(result.message);
  return result.draft;
}

describe('buildCreditNote', () => {
  it.each<[string, BuildCreditNoteOptions, number[], { net: number; vat: number; gross: number }]>([
    [
      'avoir total de I1 : mêmes totaux que la facture',
      { selection: 'full' },
      [30_000, 4800, 2400],
      { net: 37_200, vat: 2154, gross: 39_354 },
    ],
    [
      'avoir partiel sur une ligne à 5,5 % : 1,5 kg de bœuf',
      { selection: [{ lineId: '1', quantityMilli: 1500 }] },
      [3600],
      { net: 3600, vat: 198, gross: 3798 },
    ],
    [
      'avoir d’une ligne entière à 10 % : les fleurs',
      { selection: [{ lineId: '3' }] },
      [2400],
      { net: 2400, vat: 240, gross: 2640 },
    ],
    [
      'avoir sur deux taux : TVA recalculée par taux sur la somme',
      {
        selection: [
          { lineId: '2', quantityMilli: 1000 },
          { lineId: '3', quantityMilli: 1000 },
        ],
      },
      [240, 800],
      { net: 1040, vat: 93, gross: 1133 }, // 2.40 × 5.5 % → 0.13 ; 8.00 × 10 % → 0.80
    ],
  ])('%s', (_label, options, lineNets, totals) => {
    const draft = creditOf(options);
    expect(draft.typeCode).toBe('381');
    expect(draft.precedingInvoice).toEqual({ number: 'F2026-000042', issueDate: '2026-09-15' });
    expect(draft.lines.map((line) => line.netAmountCents)).toEqual(lineNets);
    expect(draft.totals).toMatchObject({
      lineTotalCents: totals.net,
      vatTotalCents: totals.vat,
      grandTotalCents: totals.gross,
    });
    expect(draft.payment.dueDate).toBeUndefined();
  });

  it('avoir sur une autofacture 389 → avoir d’autofacturation 261 avec « Autofacturation »', () => {
    const creditNote = milkSelfBilledCreditNote();
    expect(creditNote).toMatchObject({
      typeCode: '261',
      precedingInvoice: { number: 'AF-LAIT-2026-0017', issueDate: '2026-08-31' },
      // 500 L at 486.773 €/1000 L = 243.3865 → 243.39; VAT 5.5 % = 13.386 → 13.39
      totals: { lineTotalCents: 24_339, vatTotalCents: 1339, grandTotalCents: 25_678 },
    });
    expect(creditNote.notes[0]?.text).toMatch(/^Autofacturation : avoir émis/);
    expect(creditNote.notes.at(-1)?.text).toBe(
      'Motif de l’avoir : citerne du 28 août refusée (antibiotiques)',
    );
  });

  it('avoir d’autofacturation 261 : cite le mandat de facturation après « Autofacturation »', () => {
    const drafted = buildCreditNote(milkSelfBilledInvoice(), {
      selection: 'full',
      reason: 'analyse de matière grasse corrigée',
      billingMandate: 'mandat de facturation MF-2026-0001 du 20 janvier 2026',
    });
    expect(drafted.ok && drafted.draft.notes[0]?.text).toBe(
      "Autofacturation : avoir émis par l'acheteur au nom et pour le compte du vendeur (CGI art. 289 I-2) ; mandat de facturation MF-2026-0001 du 20 janvier 2026.",
    );
  });

  it('ne recrédite pas ce qu’un avoir précédent a déjà crédité', () => {
    const previous = i1CreditNote(); // 1.5 kg of the 12.5 kg of beef
    const result = buildCreditNote(invoice, {
      selection: [{ lineId: '1' }],
      previousCreditNotes: [previous],
    });
    expect(result.ok && result.draft.lines.map((line) => line.quantityMilli)).toEqual([11_000]);
    expect(
      buildCreditNote(invoice, {
        selection: [{ lineId: '1', quantityMilli: 11_001 }],
        previousCreditNotes: [previous],
      }),
    ).toMatchObject({ ok: false, code: 'exceeds_invoiced_quantity' });
  });

  it.each<[string, BuildCreditNoteOptions, string]>([
    ['sélection vide', { selection: [] }, 'empty_selection'],
    ['ligne inconnue', { selection: [{ lineId: '9' }] }, 'unknown_line'],
    [
      'ligne sélectionnée deux fois',
      { selection: [{ lineId: '1' }, { lineId: '1' }] },
      'duplicate_line',
    ],
    ['quantité nulle', { selection: [{ lineId: '1', quantityMilli: 0 }] }, 'invalid_quantity'],
    [
      'plus que la quantité facturée',
      { selection: [{ lineId: '1', quantityMilli: 12_501 }] },
      'exceeds_invoiced_quantity',
    ],
  ])('refuse : %s', (_label, options, code) => {
    expect(buildCreditNote(invoice, options)).toMatchObject({
      ok: false,
      code,
      message: expect.any(String),
    });
  });

  it('refuse un avoir sur un avoir', () => {
    expect(buildCreditNote(i1CreditNote(), { selection: 'full' })).toMatchObject({
      ok: false,
      code: 'not_an_invoice',
    });
  });

  it('refuse un avoir total sur une facture déjà entièrement créditée', () => {
    const full = creditOf({ selection: 'full' });
    const issued = finalizeCreditNote(full, { number: 'AV2026-000009', issueDate: '2026-09-16' });
    if (!issued.ok) throw new Error(issued.message);
    expect(
      buildCreditNote(invoice, { selection: 'full', previousCreditNotes: [issued.creditNote] }),
    ).toMatchObject({
      ok: false,
      code: 'nothing_left_to_credit',
    });
  });
});

describe('finalizeCreditNote', () => {
  it.each([
    ['numéro invalide', { number: 'AV 1', issueDate: '2026-09-20' }, 'invalid_number'],
    [
      'avoir daté avant la facture',
      { number: 'AV2026-000004', issueDate: '2026-09-14' },
      'invalid_date',
    ],
  ])('refuse : %s', (_label, numbering, code) => {
    expect(finalizeCreditNote(creditOf({ selection: 'full' }), numbering)).toMatchObject({
      ok: false,
      code,
    });
  });

  it('l’autofacture d’origine reste intacte (les factures émises sont immuables)', () => {
    const original = milkSelfBilledInvoice();
    const frozen = structuredClone(original);
    buildCreditNote(original, { selection: 'full' });
    expect(original).toEqual(frozen);
  });
});
