import { describe, expect, it } from 'vitest';
import {
  certificationExpiresIn,
  checkRequestTransition,
  isCertificationValidOn,
  isMemberOn,
  isMemberThroughout,
  validateMember,
} from './members.ts';

describe('isMemberOn / isMemberThroughout', () => {
  const period = { joinedOn: '2026-01-01', leftOn: '2026-06-30' };
  it.each([
    ['veille de l’adhésion', '2025-12-31', false],
    ['jour de l’adhésion', '2026-01-01', true],
    ['dernier jour (départ)', '2026-06-30', true],
    ['lendemain du départ', '2026-07-01', false],
  ])('%s', (_label, day, expected) => {
    expect(isMemberOn(period, day)).toBe(expected);
  });

  it('toujours membre sans date de départ', () => {
    expect(isMemberOn({ joinedOn: '2026-01-01', leftOn: null }, '2040-01-01')).toBe(true);
  });

  it.each([
    ['juin entier', '2026-06-01', '2026-06-30', true],
    ['départ en cours de mois', '2026-06-15', '2026-07-15', false],
    ['adhésion en cours de mois', '2025-12-15', '2026-01-15', false],
  ])('%s', (_label, from, to, expected) => {
    expect(isMemberThroughout(period, from, to)).toBe(expected);
  });
});

describe('validateMember', () => {
  it.each([
    ['fiche complète', { memberNumber: 'ADH-042', joinedOn: '2020-03-01', leftOn: null }, []],
    [
      'numéro avec espace',
      { memberNumber: 'ADH 042', joinedOn: '2020-03-01', leftOn: null },
      ['Numéro d’adhérent : 1 à 20 caractères parmi lettres, chiffres, point, barre et tiret.'],
    ],
    [
      'date impossible',
      { memberNumber: '1', joinedOn: '2020-02-30', leftOn: null },
      ['Date d’adhésion invalide (AAAA-MM-JJ).'],
    ],
    [
      'départ avant adhésion',
      { memberNumber: '1', joinedOn: '2020-03-01', leftOn: '2020-02-28' },
      ['La date de départ ne peut pas précéder la date d’adhésion.'],
    ],
    [
      'départ le jour de l’adhésion',
      { memberNumber: '1', joinedOn: '2020-03-01', leftOn: '2020-03-01' },
      [],
    ],
  ])('%s', (_label, input, expected) => {
    expect(validateMember(input)).toEqual(expected);
  });
});

describe('checkRequestTransition', () => {
  it.each([
    ['l’OP examine une demande reçue', 'op', 'open', 'in_progress', '', true],
    ['l’OP accepte', 'op', 'in_progress', 'accepted', '', true],
    ['l’OP refuse avec un motif', 'op', 'open', 'refused', 'Volume indisponible', true],
    ['l’OP refuse sans motif', 'op', 'open', 'refused', ' ', false],
    ['le membre retire sa demande', 'member', 'open', 'closed', '', true],
    ['le membre ne s’accepte pas lui-même', 'member', 'open', 'accepted', '', false],
    ['une demande acceptée est définitive', 'op', 'accepted', 'closed', '', false],
    [
      'réponse dans le fil sans changer le statut',
      'member',
      'in_progress',
      'in_progress',
      'Merci',
      true,
    ],
    ['message vide', 'op', 'open', 'open', '', false],
    ['pas de message sur une demande close', 'member', 'closed', 'closed', 'Encore moi', false],
  ] as const)('%s', (_label, side, from, to, comment, ok) => {
    expect(checkRequestTransition({ side, from, to, comment }).ok).toBe(ok);
  });

  it('le refus dit pourquoi en français', () => {
    expect(
      checkRequestTransition({ side: 'member', from: 'open', to: 'accepted', comment: '' }),
    ).toEqual({
      ok: false,
      message: 'Le membre ne peut pas passer une demande « Reçue » à « Acceptée ».',
    });
  });
});

describe('certifications', () => {
  const aop = { validFrom: '2025-01-01', validUntil: '2026-12-31' };
  it.each([
    ['avant', '2024-12-31', false],
    ['premier jour', '2025-01-01', true],
    ['dernier jour', '2026-12-31', true],
    ['expirée', '2027-01-01', false],
  ])('%s', (_label, day, expected) => {
    expect(isCertificationValidOn(aop, day)).toBe(expected);
  });

  it('jours restants avant échéance', () => {
    expect(certificationExpiresIn(aop, '2026-12-01')).toBe(30);
    expect(certificationExpiresIn(aop, '2027-01-02')).toBe(-2);
    expect(
      certificationExpiresIn({ validFrom: '2025-01-01', validUntil: null }, '2026-01-01'),
    ).toBeNull();
  });
});
