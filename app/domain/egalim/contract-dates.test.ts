import { describe, expect, it } from 'vitest';
import {
  addMonths,
  contractStateOn,
  coversDay,
  endAfterNotice,
  endAfterTermination,
  initialEnd,
  lastClosedYear,
  lifeStateOn,
  owedNoticeMonths,
  termEnd,
} from './contract-dates.ts';
import { contractStatusLabel } from './contract-status.ts';

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 3, '2026-04-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-03-01', -3, '2025-12-01'],
    ['2026-01-01', 36, '2029-01-01'],
  ])('%s + %i mois = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('termEnd', () => {
  it.each([
    ['contrat de 3 ans au 1er janvier', '2026-01-01', 3, 1, '2028-12-31'],
    ['deuxième période par tacite reconduction', '2026-01-01', 3, 2, '2031-12-31'],
    ['départ un 29 février', '2028-02-29', 1, 1, '2029-02-27'],
  ])('%s', (_label, start, years, term, expected) => {
    expect(termEnd(start, years, term)).toBe(expected);
  });

  it('sans tacite reconduction, le contrat s’arrête à la fin de la période initiale', () => {
    expect(initialEnd('2026-01-01', 3, false)).toBe('2028-12-31');
    expect(initialEnd('2026-01-01', 3, true)).toBeNull();
  });
});

describe('endAfterNotice (L631-24 VI)', () => {
  it.each([
    [
      'préavis de 3 mois donné 6 mois avant l’échéance : fin à l’échéance',
      '2028-06-30',
      3,
      '2028-12-31',
    ],
    ['préavis de 3 mois donné pile 3 mois avant : fin à l’échéance', '2028-10-01', 3, '2028-12-31'],
    [
      'préavis de 3 mois donné trop tard : fin à l’échéance suivante',
      '2028-10-02',
      3,
      '2031-12-31',
    ],
    ['préavis dès la première année : fin de la période initiale', '2026-02-01', 6, '2028-12-31'],
  ])('%s', (_label, givenOn, months, expected) => {
    expect(
      endAfterNotice({ startOn: '2026-01-01', durationYears: 3, givenOn, noticeMonths: months }),
    ).toBe(expected);
  });
});

describe('endAfterTermination', () => {
  it('résiliation avec 2 mois de préavis : dernier jour couvert la veille des 2 mois', () => {
    expect(endAfterTermination('2027-03-10', 2)).toBe('2027-05-09');
    expect(endAfterTermination('2027-03-10', 0)).toBe('2027-03-09');
  });
});

describe('coversDay / contractStateOn', () => {
  const period = { startOn: '2026-01-01', endOn: '2028-12-31' };
  it.each([
    ['2025-12-31', false, 'upcoming'],
    ['2026-01-01', true, 'active'],
    ['2028-12-31', true, 'active'],
    ['2029-01-01', false, 'ended'],
  ] as const)('%s', (day, covered, state) => {
    expect(coversDay(period, day)).toBe(covered);
    expect(contractStateOn(period, day)).toBe(state);
  });

  it('reconduit tacitement sans fin : couvre tout jour après le début', () => {
    expect(coversDay({ startOn: '2026-01-01', endOn: null }, '2040-06-01')).toBe(true);
  });
});

describe('lastClosedYear', () => {
  it('l’année civile précédant la livraison (RULES-FR point ouvert 1)', () => {
    expect(lastClosedYear('2026-11-30')).toBe(2025);
    expect(lastClosedYear('2027-01-01')).toBe(2026);
  });
});

describe('contractStatusLabel', () => {
  it.each([
    [{ status: 'draft', startOn: null, endOn: null }, 'Brouillon'],
    [
      { status: 'counter_proposed', startOn: null, endOn: null },
      'Contre-proposition de l’acheteur',
    ],
    [{ status: 'signed', startOn: '2026-01-01', endOn: null }, 'Signé, en vigueur'],
    [{ status: 'signed', startOn: '2027-01-01', endOn: null }, 'Signé, à venir'],
    [{ status: 'signed', startOn: '2025-01-01', endOn: '2026-06-30' }, 'Terminé'],
  ] as const)('%o → %s', (contract, label) => {
    expect(contractStatusLabel(contract, '2026-11-22')).toBe(label);
  });
});

describe('owedNoticeMonths / lifeStateOn (L631-24 VI)', () => {
  it.each([
    ['acheteur, préavis stipulé de 1 mois : 3 mois au minimum', 'buyer', 1, 3],
    ['acheteur, préavis stipulé de 6 mois', 'buyer', 6, 6],
    ['vendeur, préavis stipulé de 1 mois', 'seller', 1, 1],
  ] as const)('%s', (_label, side, stipulated, owed) => {
    expect(owedNoticeMonths(side, stipulated)).toBe(owed);
  });

  const noticed = {
    startOn: '2026-01-01',
    endOn: '2030-12-31',
    noticeGivenOn: '2027-05-01',
    terminatedOn: null,
  };
  it.each([
    ['avant le début', { ...noticed, noticeGivenOn: null, endOn: null }, '2025-12-31', 'upcoming'],
    [
      'reconduit tacitement',
      { ...noticed, noticeGivenOn: null, endOn: null },
      '2040-01-01',
      'active',
    ],
    ['préavis donné, avant la fin', noticed, '2030-12-31', 'notice_given'],
    ['préavis donné, fin passée', noticed, '2031-01-01', 'ended'],
    [
      'résiliation notifiée',
      { ...noticed, noticeGivenOn: null, terminatedOn: '2027-03-10', endOn: '2027-05-09' },
      '2027-04-01',
      'notice_given',
    ],
    [
      'terme sans reconduction, sans préavis',
      { ...noticed, noticeGivenOn: null },
      '2028-01-01',
      'active',
    ],
  ] as const)('%s', (_label, period, day, state) => {
    expect(lifeStateOn(period, day)).toBe(state);
  });
});
