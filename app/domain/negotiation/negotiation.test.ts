import { describe, expect, test } from 'vitest';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';
import {
  decideDraftSave,
  decideSignature,
  decideVersion,
  type NegotiationParty,
  type NegotiationState,
  type NegotiationStatus,
  readCounterReason,
  signedPeriod,
} from './negotiation.ts';

const SIGNED_AT = new Date('2026-03-02T09:00:00Z');

function state(
  status: NegotiationStatus,
  overrides: Partial<Omit<NegotiationState, 'status'>> = {},
): NegotiationState {
  return {
    status,
    currentVersion: status === 'draft' ? 0 : 2,
    signedAt: { proposer: null, buyer: null },
    ...overrides,
  };
}

const MISSING_PRICE: ContractIssue = {
  code: 'price_missing',
  rule: 'EG-10',
  clause: 'L631-24 III 2°',
  message: 'Le prix ou ses critères de détermination manquent.',
  field: 'price',
};

describe('decideDraftSave', () => {
  test.each<[string, NegotiationStatus, NegotiationParty, ReturnType<typeof decideDraftSave>]>([
    ['le proposant modifie son brouillon', 'draft', 'proposer', { ok: true }],
    [
      'l’acheteur ne touche pas au brouillon',
      'draft',
      'buyer',
      { ok: false, reason: 'not_proposer' },
    ],
    [
      'brouillon figé après la première proposition',
      'proposed',
      'proposer',
      { ok: false, reason: 'not_draft' },
    ],
    [
      'brouillon figé pendant une contre-proposition',
      'counter_proposed',
      'proposer',
      { ok: false, reason: 'not_draft' },
    ],
    ['brouillon figé une fois signé', 'signed', 'proposer', { ok: false, reason: 'not_draft' }],
    [
      'le rôle est vérifié avant le statut',
      'signed',
      'buyer',
      { ok: false, reason: 'not_proposer' },
    ],
  ])('%s', (_label, status, party, expected) => {
    expect(decideDraftSave(state(status), party)).toEqual(expected);
  });
});

describe('decideVersion', () => {
  test.each<[string, NegotiationState, ReturnType<typeof decideVersion>]>([
    [
      'première proposition écrite : version 1',
      state('draft'),
      { ok: true, number: 1, kind: 'proposal', author: 'proposer', status: 'proposed' },
    ],
    [
      'réponse du proposant à une contre-proposition : version suivante',
      state('counter_proposed', { currentVersion: 2 }),
      { ok: true, number: 3, kind: 'proposal', author: 'proposer', status: 'proposed' },
    ],
    [
      'nouvelle proposition sur une proposition en cours',
      state('proposed', { currentVersion: 1 }),
      { ok: true, number: 2, kind: 'proposal', author: 'proposer', status: 'proposed' },
    ],
    [
      'plus de proposition après les deux signatures',
      state('signed'),
      { ok: false, reason: 'signed' },
    ],
  ])('proposition du proposant — %s', (_label, current, expected) => {
    expect(decideVersion(current, 'proposer', 'proposal')).toEqual(expected);
  });

  test('l’acheteur ne fait pas de proposition', () => {
    expect(decideVersion(state('proposed'), 'buyer', 'proposal')).toEqual({
      ok: false,
      reason: 'not_proposer',
    });
  });

  test.each<[string, NegotiationState, ReturnType<typeof decideVersion>]>([
    [
      'contre-proposition sur la version 1',
      state('proposed', { currentVersion: 1 }),
      {
        ok: true,
        number: 2,
        kind: 'counter_proposal',
        author: 'buyer',
        status: 'counter_proposed',
      },
    ],
    [
      'seconde contre-proposition à la suite',
      state('counter_proposed', { currentVersion: 4 }),
      {
        ok: true,
        number: 5,
        kind: 'counter_proposal',
        author: 'buyer',
        status: 'counter_proposed',
      },
    ],
    [
      'pas de contre-proposition sur un brouillon',
      state('draft'),
      { ok: false, reason: 'not_negotiating' },
    ],
    [
      'pas de contre-proposition une fois signé',
      state('signed'),
      { ok: false, reason: 'not_negotiating' },
    ],
  ])('contre-proposition de l’acheteur — %s', (_label, current, expected) => {
    expect(decideVersion(current, 'buyer', 'counter_proposal')).toEqual(expected);
  });

  test('le proposant ne contre-propose pas', () => {
    expect(decideVersion(state('proposed'), 'proposer', 'counter_proposal')).toEqual({
      ok: false,
      reason: 'not_buyer',
    });
  });
});

describe('readCounterReason', () => {
  test.each<[string, string, ReturnType<typeof readCounterReason>]>([
    ['motif vide', '', { ok: false, reason: 'reason_required' }],
    ['deux caractères', 'ok', { ok: false, reason: 'reason_required' }],
    ['deux caractères entourés d’espaces', '   ok   ', { ok: false, reason: 'reason_required' }],
    ['trois caractères : la limite', 'non', { ok: true, reason: 'non' }],
    ['motif rogné de ses espaces', '  Prix trop bas  \n', { ok: true, reason: 'Prix trop bas' }],
  ])('%s', (_label, text, expected) => {
    expect(readCounterReason(text)).toEqual(expected);
  });
});

describe('decideSignature', () => {
  test.each<
    [
      string,
      NegotiationState,
      NegotiationParty,
      ContractIssue[],
      ReturnType<typeof decideSignature>,
    ]
  >([
    [
      'le proposant signe le premier',
      state('proposed'),
      'proposer',
      [],
      { ok: true, signedByBoth: false },
    ],
    [
      'l’acheteur signe le premier',
      state('counter_proposed'),
      'buyer',
      [],
      { ok: true, signedByBoth: false },
    ],
    [
      'l’acheteur signe après le proposant : signé des deux',
      state('proposed', { signedAt: { proposer: SIGNED_AT, buyer: null } }),
      'buyer',
      [],
      { ok: true, signedByBoth: true },
    ],
    [
      'le proposant signe après l’acheteur : signé des deux',
      state('counter_proposed', { signedAt: { proposer: null, buyer: SIGNED_AT } }),
      'proposer',
      [],
      { ok: true, signedByBoth: true },
    ],
    [
      'déjà signé par cette partie',
      state('proposed', { signedAt: { proposer: SIGNED_AT, buyer: null } }),
      'proposer',
      [],
      { ok: false, reason: 'already_signed' },
    ],
    [
      'brouillon pas encore proposé',
      state('draft'),
      'proposer',
      [],
      { ok: false, reason: 'not_negotiating' },
    ],
    ['document déjà signé', state('signed'), 'buyer', [], { ok: false, reason: 'not_negotiating' }],
    [
      'clause obligatoire manquante',
      state('proposed'),
      'buyer',
      [MISSING_PRICE],
      { ok: false, reason: 'blocking', issues: [MISSING_PRICE] },
    ],
    [
      'la double signature est refusée avant les clauses manquantes',
      state('proposed', { signedAt: { proposer: null, buyer: SIGNED_AT } }),
      'buyer',
      [MISSING_PRICE],
      { ok: false, reason: 'already_signed' },
    ],
  ])('%s', (_label, current, party, issues, expected) => {
    expect(decideSignature(current, party, issues)).toEqual(expected);
  });
});

describe('signedPeriod', () => {
  test.each<[string, Parameters<typeof signedPeriod>[0], ReturnType<typeof signedPeriod>]>([
    [
      'reconduction tacite par défaut : pas de fin',
      { startOn: '2026-01-01', durationYears: 3 },
      { startOn: '2026-01-01', endOn: null },
    ],
    [
      'reconduction tacite stipulée : pas de fin',
      { startOn: '2026-01-01', durationYears: 3, renewal: { tacit: true } },
      { startOn: '2026-01-01', endOn: null },
    ],
    [
      'sans reconduction : dernier jour de la durée initiale',
      { startOn: '2026-01-01', durationYears: 3, renewal: { tacit: false } },
      { startOn: '2026-01-01', endOn: '2028-12-31' },
    ],
    [
      'sans reconduction, départ en cours de mois',
      { startOn: '2026-03-15', durationYears: 1, renewal: { tacit: false } },
      { startOn: '2026-03-15', endOn: '2027-03-14' },
    ],
  ])('%s', (_label, terms, expected) => {
    expect(signedPeriod(terms)).toEqual(expected);
  });
});
