import { describe, expect, it } from 'vitest';
import {
  contestDeadline,
  coversDay,
  currentPeriodEnd,
  defaultMandateSeries,
  endAfterRevocation,
  type MandateTerms,
  mandataryMention,
  mandateStateOn,
  mandatesOverlap,
  periodEnd,
  scopeCovers,
  selfBillingMandateText,
  validateBillingMandate,
} from './billing-mandate.ts';

const OP_TERMS: MandateTerms = {
  mandatorId: 'gaec',
  mandatorKind: 'producer',
  mandataryId: 'op',
  mandataryKind: 'op',
  coversAllBuyers: false,
  buyerIds: ['fromagerie'],
  egalimCategories: ['milk_cow'],
  operations: 'Lait cru de vache livré à la Fromagerie Chambost',
  startOn: '2026-02-01',
  contestDays: 15,
  invoiceSeries: 'OP',
};

describe('validateBillingMandate', () => {
  it('un mandat complet à l’OP pour un acheteur ne soulève rien', () => {
    expect(validateBillingMandate(OP_TERMS)).toEqual([]);
  });

  it('un mandat d’autofacturation à la laiterie pour ses propres achats ne soulève rien', () => {
    expect(
      validateBillingMandate({
        ...OP_TERMS,
        mandataryId: 'laiterie',
        mandataryKind: 'buyer',
        buyerIds: ['laiterie'],
        invoiceSeries: 'AF',
      }),
    ).toEqual([]);
  });

  it.each<[string, Partial<MandateTerms>, string[]]>([
    ['mandant qui n’est pas un producteur', { mandatorKind: 'buyer' }, ['mandator_not_producer']],
    ['mandataire groupe de voisinage', { mandataryKind: 'group' }, ['mandatary_kind']],
    ['mandant = mandataire', { mandataryId: 'gaec' }, ['same_party']],
    ['OP sans acheteur couvert', { buyerIds: [] }, ['no_buyer']],
    ['OP pour tous les acheteurs', { buyerIds: [], coversAllBuyers: true }, []],
    [
      'acheteur qui facturerait les ventes à un autre',
      { mandataryId: 'laiterie', mandataryKind: 'buyer', buyerIds: ['fromagerie'] },
      ['buyer_scope'],
    ],
    [
      'acheteur pour tous les acheteurs',
      { mandataryId: 'laiterie', mandataryKind: 'buyer', coversAllBuyers: true, buyerIds: [] },
      ['buyer_scope'],
    ],
    ['catégorie inconnue', { egalimCategories: ['truffe' as never] }, ['category_unknown']],
    ['opérations non décrites', { operations: '  ' }, ['operations_missing']],
    ['date de prise d’effet impossible', { startOn: '2026-02-30' }, ['start_invalid']],
    ['délai de contestation nul', { contestDays: 0 }, ['contest_days']],
    ['délai de contestation de 1 jour (borne basse)', { contestDays: 1 }, []],
    ['délai de contestation de 90 jours (borne haute)', { contestDays: 90 }, []],
    ['délai de contestation de 91 jours', { contestDays: 91 }, ['contest_days']],
    ['délai de contestation décimal', { contestDays: 7.5 }, ['contest_days']],
    ['série en minuscules', { invoiceSeries: 'op' }, ['series_invalid']],
    ['série de 9 lettres', { invoiceSeries: 'ABCDEFGHI' }, ['series_invalid']],
    ['série F du producteur', { invoiceSeries: 'F' }, ['series_reserved']],
    ['série A des avoirs du producteur', { invoiceSeries: 'A' }, ['series_reserved']],
  ])('%s', (_label, change, codes) => {
    expect(validateBillingMandate({ ...OP_TERMS, ...change }).map((i) => i.code)).toEqual(codes);
  });

  it('chaque motif est en français et cite sa règle', () => {
    const issues = validateBillingMandate({ ...OP_TERMS, contestDays: 0, invoiceSeries: 'F' });
    expect(issues.map((i) => [i.rule, i.field])).toEqual([
      ['INV-07', 'contestDays'],
      ['INV-01', 'invoiceSeries'],
    ]);
    expect(issues[0]!.message).toMatch(/délai de contestation/);
  });
});

describe('periodEnd / currentPeriodEnd (reconduction tacite annuelle)', () => {
  it.each([
    ['première période', '2026-02-01', 1, '2027-01-31'],
    ['deuxième période', '2026-02-01', 2, '2028-01-31'],
    ['départ un 29 février', '2028-02-29', 1, '2029-02-27'],
  ])('%s', (_label, start, period, expected) => {
    expect(periodEnd(start, period)).toBe(expected);
  });

  it.each([
    ['avant le début : fin de la première période', '2026-01-15', '2027-01-31'],
    ['premier jour', '2026-02-01', '2027-01-31'],
    ['dernier jour de la première période', '2027-01-31', '2027-01-31'],
    ['lendemain : reconduit pour un an', '2027-02-01', '2028-01-31'],
    ['cinq ans plus tard', '2031-06-15', '2032-01-31'],
  ])('%s', (_label, day, expected) => {
    expect(currentPeriodEnd('2026-02-01', day)).toBe(expected);
  });
});

describe('endAfterRevocation (préavis d’un mois, L631-24 V)', () => {
  it.each([
    ['révocation le 10 mars : couvert jusqu’au 9 avril', '2026-03-10', null, '2026-04-09'],
    ['révocation le 31 janvier : un mois = 28 février', '2026-01-31', null, '2026-02-27'],
    ['année bissextile', '2028-01-31', null, '2028-02-28'],
    ['fin d’année', '2026-12-15', null, '2027-01-14'],
    ['déjà terminé plus tôt : la fin ne recule pas', '2026-03-10', '2026-03-20', '2026-03-20'],
  ])('%s', (_label, givenOn, currentEnd, expected) => {
    expect(endAfterRevocation(givenOn, currentEnd)).toBe(expected);
  });
});

describe('mandateStateOn / coversDay', () => {
  const signed = { startOn: '2026-02-01', signedOn: '2026-01-20', endsOn: null };
  const revoked = { ...signed, endsOn: '2026-04-09' };
  it.each([
    ['non signé', { ...signed, signedOn: null }, '2026-03-01', 'unsigned', false],
    ['signé, veille du début', signed, '2026-01-31', 'upcoming', false],
    ['premier jour', signed, '2026-02-01', 'active', true],
    ['des années après (reconduit)', signed, '2030-02-01', 'active', true],
    ['préavis en cours', revoked, '2026-03-15', 'revoking', true],
    ['dernier jour du préavis', revoked, '2026-04-09', 'revoking', true],
    ['lendemain de la fin', revoked, '2026-04-10', 'ended', false],
    [
      'révoqué avant même de commencer',
      { ...signed, endsOn: '2026-01-31' },
      '2026-02-01',
      'ended',
      false,
    ],
  ] as const)('%s', (_label, period, day, state, covered) => {
    expect(mandateStateOn(period, day)).toBe(state);
    expect(coversDay(period, day)).toBe(covered);
  });
});

describe('scopeCovers', () => {
  it.each([
    ['acheteur couvert, lait', { buyerId: 'fromagerie', egalimCategory: 'milk_cow' }, true],
    ['autre acheteur', { buyerId: 'laiterie', egalimCategory: 'milk_cow' }, false],
    ['autre produit', { buyerId: 'fromagerie', egalimCategory: 'egg' }, false],
    ['produit non précisé', { buyerId: 'fromagerie' }, true],
  ] as const)('%s', (_label, sale, expected) => {
    expect(scopeCovers(OP_TERMS, sale)).toBe(expected);
  });

  it('tous les acheteurs, tous les produits', () => {
    const scope = { coversAllBuyers: true, buyerIds: [], egalimCategories: [] };
    expect(scopeCovers(scope, { buyerId: 'x', egalimCategory: 'egg' })).toBe(true);
  });
});

describe('mandatesOverlap (une seule partie facture une vente)', () => {
  const base = {
    coversAllBuyers: false,
    buyerIds: ['laiterie'],
    egalimCategories: [] as never[],
    startOn: '2026-02-01',
    signedOn: '2026-01-20',
    endsOn: null,
  };
  it.each([
    ['même acheteur, tous produits, sans fin', {}, true],
    ['autre acheteur', { buyerIds: ['fromagerie'] }, false],
    ['l’autre couvre tous les acheteurs', { buyerIds: [], coversAllBuyers: true }, true],
    [
      'l’un couvre tous les produits, l’autre les œufs',
      { egalimCategories: ['egg' as const] },
      true,
    ],
    ['commence après la fin du premier', { startOn: '2026-05-01' }, true],
  ])('%s', (_label, change, expected) => {
    expect(mandatesOverlap(base, { ...base, ...change })).toBe(expected);
  });

  it.each([
    ['commence le lendemain de la fin de l’autre', '2026-04-10', false],
    ['commence le dernier jour de l’autre', '2026-04-09', true],
  ])('%s', (_label, startOn, expected) => {
    const ending = { ...base, endsOn: '2026-04-09' };
    expect(mandatesOverlap(ending, { ...base, startOn })).toBe(expected);
  });

  it('catégories disjointes des deux côtés : pas de chevauchement', () => {
    const milk = { ...base, egalimCategories: ['milk_cow' as const] };
    expect(mandatesOverlap(milk, { ...base, egalimCategories: ['egg' as const] })).toBe(false);
  });
});

describe('mentions', () => {
  const input = {
    mandataryName: 'OP Lait des Monts du Lyonnais',
    mandatorName: 'GAEC des Monts',
    reference: 'MF-2026-0001',
    signedOn: '2026-01-20',
    contestDays: 15,
  };
  it('la facture de l’OP est établie au nom et pour le compte du membre', () => {
    expect(mandataryMention(input)).toBe(
      'Facture établie par OP Lait des Monts du Lyonnais au nom et pour le compte de GAEC des Monts, mandat de facturation MF-2026-0001 du 20 janvier 2026 (CGI art. 289 I-2). La facture émise par le mandataire et acceptée par le fournisseur est réputée émise au nom et pour le compte de ce fournisseur ; contestation possible dans les 15 jours suivant son émission.',
    );
  });

  it('l’autofacturation cite le mandat et le délai de contestation', () => {
    expect(selfBillingMandateText(input)).toBe(
      'mandat de facturation MF-2026-0001 du 20 janvier 2026 donné par GAEC des Monts ; contestation possible dans les 15 jours suivant son émission',
    );
  });

  it('délai de contestation compté en jours calendaires', () => {
    expect(contestDeadline('2026-02-20', 15)).toBe('2026-03-07');
    expect(contestDeadline('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('séries par défaut distinctes des séries F et A du producteur', () => {
    expect(defaultMandateSeries('op')).toBe('OP');
    expect(defaultMandateSeries('buyer')).toBe('AF');
  });
});
