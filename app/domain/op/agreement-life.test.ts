import { describe, expect, it } from 'vitest';
import {
  type AgreementLife,
  agreementStateOn,
  checkAgreementCovers,
  planAgreementNotice,
  planAgreementTermination,
} from './agreement-life.ts';
import type { FrameworkTerms } from './framework-terms.ts';

// Signed, from 1 January 2026 for 5 years, tacitly renewed: terms end 2030-12-31, 2035-12-31…
const signed: AgreementLife = {
  reference: 'AC-2026-0001',
  status: 'signed',
  startOn: '2026-01-01',
  endOn: null,
  noticeGivenOn: null,
  noticeBy: null,
  terminatedOn: null,
  terminatedBy: null,
  terminationReason: null,
};
const terms = {
  durationYears: 5,
  renewal: { tacit: true, buyerNoticeMonths: 6, producerNoticeMonths: 2 },
  termination: [{ case: 'Manquement grave', noticeMonths: 2 }],
} as unknown as FrameworkTerms;

describe('planAgreementNotice (L631-24 VI)', () => {
  it.each([
    ['acheteur, 6 mois avant l’échéance : fin à l’échéance', 'buyer', '2030-06-30', '2030-12-31'],
    ['acheteur, 5 mois avant : fin au terme suivant', 'buyer', '2030-08-01', '2035-12-31'],
    ['OP, 2 mois avant : fin à l’échéance', 'op', '2030-11-01', '2030-12-31'],
    ['OP, dès la première année : fin du premier terme', 'op', '2026-03-01', '2030-12-31'],
  ] as const)('%s', (_label, side, givenOn, endOn) => {
    expect(planAgreementNotice({ agreement: signed, terms, side, givenOn })).toMatchObject({
      ok: true,
      endOn,
    });
  });

  it('un préavis acheteur stipulé à 1 mois vaut 3 mois', () => {
    const short = { ...terms, renewal: { tacit: true, buyerNoticeMonths: 1 } } as FrameworkTerms;
    expect(
      planAgreementNotice({
        agreement: signed,
        terms: short,
        side: 'buyer',
        givenOn: '2030-10-15',
      }),
    ).toEqual({ ok: true, noticeMonths: 3, endOn: '2035-12-31' });
  });

  it.each([
    ['non signé', { ...signed, status: 'proposed' as const }, terms, /n’est pas signé/],
    [
      'préavis déjà donné',
      { ...signed, noticeGivenOn: '2027-01-01', noticeBy: 'op' as const, endOn: '2030-12-31' },
      terms,
      /déjà été donné le 1 janvier 2027/,
    ],
    ['déjà terminé', { ...signed, endOn: '2026-12-31' }, terms, /a pris fin le 31 décembre 2026/],
    [
      'sans reconduction tacite',
      { ...signed, endOn: '2030-12-31' },
      { ...terms, renewal: { tacit: false } } as FrameworkTerms,
      /n’est pas reconduit tacitement : il prend fin le 31 décembre 2030/,
    ],
  ])('refusé : %s', (_label, agreement, t, message) => {
    const planned = planAgreementNotice({ agreement, terms: t, side: 'op', givenOn: '2027-06-01' });
    expect(!planned.ok && planned.message).toMatch(message);
  });
});

describe('planAgreementTermination', () => {
  it('effective une fois le préavis du cas écoulé, jamais après la fin déjà fixée', () => {
    const input = {
      terms,
      caseIndex: 0,
      reason: 'Livraisons refusées 3 fois',
      givenOn: '2027-03-10',
    };
    expect(planAgreementTermination({ ...input, agreement: signed })).toEqual({
      ok: true,
      endOn: '2027-05-09',
      reason: 'Manquement grave — Livraisons refusées 3 fois',
    });
    expect(
      planAgreementTermination({ ...input, agreement: { ...signed, endOn: '2027-04-30' } }),
    ).toMatchObject({ ok: true, endOn: '2027-04-30' });
  });

  it.each([
    ['cas inconnu', 3, 'Motif sérieux', /cas de résiliation prévu/],
    ['sans motif', 0, ' ', /Motif de la résiliation/],
  ])('refusée : %s', (_label, caseIndex, reason, message) => {
    const planned = planAgreementTermination({
      agreement: signed,
      terms,
      caseIndex,
      reason,
      givenOn: '2027-03-10',
    });
    expect(!planned.ok && planned.message).toMatch(message);
  });
});

describe('agreementStateOn / checkAgreementCovers', () => {
  const noticed: AgreementLife = {
    ...signed,
    noticeGivenOn: '2030-05-02',
    noticeBy: 'buyer',
    endOn: '2030-12-31',
  };
  it.each([
    [
      'en négociation',
      { ...signed, status: 'draft' as const, startOn: null },
      '2027-01-01',
      'unsigned',
      false,
    ],
    ['avant le début', signed, '2025-12-31', 'upcoming', false],
    ['en vigueur', signed, '2027-01-01', 'active', true],
    ['préavis donné, dernier jour', noticed, '2030-12-31', 'notice_given', true],
    ['après la fin', noticed, '2031-01-01', 'ended', false],
  ] as const)('%s', (_label, agreement, day, state, covered) => {
    expect(agreementStateOn(agreement, day)).toBe(state);
    expect(checkAgreementCovers(agreement, day).ok).toBe(covered);
  });

  it('une livraison après la fin est refusée avec la raison de la fin', () => {
    const refused = checkAgreementCovers(noticed, '2031-01-02');
    expect(!refused.ok && refused.message).toBe(
      'L’accord-cadre AC-2026-0001 ne couvre pas le 2 janvier 2031 : Préavis de non-reconduction donné le 2 mai 2030 par l’acheteur : dernier jour couvert le 31 décembre 2030. Aucune livraison après cette date.',
    );
  });
});
