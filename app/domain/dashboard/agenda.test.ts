import { describe, expect, it } from 'vitest';
import { describeDeadline, type NegotiationState, negotiationAction } from './agenda.ts';

const state = (overrides: Partial<NegotiationState>): NegotiationState => ({
  status: 'proposed',
  authorSignedAt: null,
  counterpartSignedAt: null,
  ...overrides,
});
const SIGNED = new Date('2026-11-20T10:00:00Z');

describe('negotiationAction', () => {
  it.each([
    ['brouillon : le producteur envoie sa proposition', { status: 'draft' }, 'author', 'Envoyer'],
    ['brouillon : l’acheteur n’a rien à faire', { status: 'draft' }, 'counterpart', null],
    ['proposition : l’acheteur répond', {}, 'counterpart', 'Répondre à la proposition'],
    ['proposition : le producteur attend', {}, 'author', null],
    [
      'contre-proposition : le producteur répond',
      { status: 'counter_proposed' },
      'author',
      'Répondre à la contre-proposition',
    ],
    ['contre-proposition : l’acheteur attend', { status: 'counter_proposed' }, 'counterpart', null],
    [
      'le producteur a signé : à l’acheteur de signer',
      { authorSignedAt: SIGNED },
      'counterpart',
      'Signer',
    ],
    ['le producteur a signé : il attend', { authorSignedAt: SIGNED }, 'author', null],
    [
      'l’acheteur a signé la contre-proposition : au producteur de signer',
      { status: 'counter_proposed', counterpartSignedAt: SIGNED },
      'author',
      'Signer',
    ],
    [
      'signé par les deux : rien',
      { status: 'signed', authorSignedAt: SIGNED, counterpartSignedAt: SIGNED },
      'author',
      null,
    ],
  ] as const)('%s', (_label, overrides, side, expected) => {
    const action = negotiationAction(state(overrides), side);
    if (expected === null) {
      expect(action).toBeNull();
    } else {
      expect(action).toContain(expected);
    }
  });
});

describe('describeDeadline', () => {
  // 2026-12-02 09:00 in Paris (UTC+1).
  const NOW = new Date('2026-12-02T08:00:00Z');
  it.each([
    ['passée', '2026-12-02T07:59:00Z', 'passed', 'date limite passée'],
    ['aujourd’hui, heure de Paris', '2026-12-02T17:00:00Z', 'today', 'aujourd’hui à 18:00'],
    [
      '23 h 30 à Paris est encore aujourd’hui',
      '2026-12-02T22:30:00Z',
      'today',
      'aujourd’hui à 23:30',
    ],
    ['minuit à Paris est demain', '2026-12-02T23:00:00Z', 'soon', 'demain à 00:00'],
    [
      'dans 3 jours : bientôt',
      '2026-12-05T10:00:00Z',
      'soon',
      'dans 3 jours (le 5 décembre à 11:00)',
    ],
    [
      'dans 4 jours : plus tard',
      '2026-12-06T10:00:00Z',
      'later',
      'dans 4 jours (le 6 décembre à 11:00)',
    ],
  ] as const)('%s', (_label, deadline, urgency, label) => {
    expect(describeDeadline(new Date(deadline), NOW)).toEqual({ urgency, label });
  });

  it('au passage à l’heure d’été, les jours restent ceux du calendrier de Paris', () => {
    // 2027-03-27 22:00 Paris (UTC+1) → 2027-03-28 18:00 Paris (UTC+2, clocks went forward).
    expect(
      describeDeadline(new Date('2027-03-28T16:00:00Z'), new Date('2027-03-27T21:00:00Z')),
    ).toEqual({ urgency: 'soon', label: 'demain à 18:00' });
  });
});
