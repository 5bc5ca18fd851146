import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  endOfParisDay,
  instantToParisLocal,
  isValidDay,
  parisDayOf,
  parisDayTimeToInstant,
  parisLocalToInstant,
  shiftInstantByDays,
} from './paris-time.ts';

// 2026: summer time starts Sunday 29 March (02:00 → 03:00), ends Sunday 25 October (03:00 → 02:00).

describe('parisLocalToInstant', () => {
  it.each([
    ['hiver (UTC+1)', '2026-01-15T18:00', '2026-01-15T17:00:00.000Z'],
    ['été (UTC+2)', '2026-07-14T18:00', '2026-07-14T16:00:00.000Z'],
    ['veille du passage à l’heure d’été', '2026-03-28T18:00', '2026-03-28T17:00:00.000Z'],
    ['29 mars, 01:59 encore en hiver', '2026-03-29T01:59', '2026-03-29T00:59:00.000Z'],
    ['29 mars, 03:00 déjà en été', '2026-03-29T03:00', '2026-03-29T01:00:00.000Z'],
    ['25 octobre, 01:59 encore en été', '2026-10-25T01:59', '2026-10-24T23:59:00.000Z'],
    [
      '25 octobre, 02:30 ambigu : seconde occurrence',
      '2026-10-25T02:30',
      '2026-10-25T01:30:00.000Z',
    ],
    ['25 octobre, 03:00 en hiver', '2026-10-25T03:00', '2026-10-25T02:00:00.000Z'],
    ['minuit en été', '2026-06-01T00:00', '2026-05-31T22:00:00.000Z'],
  ])('%s : %s → %s', (_label, local, iso) => {
    const result = parisLocalToInstant(local);
    expect(result).toEqual({ ok: true, instant: new Date(iso) });
  });

  it.each([
    ['02:00 le 29 mars (heure sautée)', '2026-03-29T02:00'],
    ['02:30 le 29 mars (heure sautée)', '2026-03-29T02:30'],
    ['02:59 le 29 mars (heure sautée)', '2026-03-29T02:59'],
  ])('refuse une heure qui n’existe pas : %s', (_label, local) => {
    expect(parisLocalToInstant(local)).toEqual({ ok: false, reason: 'nonexistent' });
  });

  it.each([
    ['vide', ''],
    ['date seule', '2026-03-29'],
    ['30 février', '2026-02-30T10:00'],
    ['24 h', '2026-03-10T24:00'],
    ['minutes 60', '2026-03-10T10:60'],
    ['avec secondes', '2026-03-10T10:00:00'],
  ])('refuse une saisie invalide : %s', (_label, local) => {
    expect(parisLocalToInstant(local)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('instantToParisLocal', () => {
  it.each([
    ['2026-03-29T00:59:00.000Z', '2026-03-29T01:59'],
    ['2026-03-29T01:00:00.000Z', '2026-03-29T03:00'],
    ['2026-10-25T00:30:00.000Z', '2026-10-25T02:30'],
    ['2026-10-25T01:30:00.000Z', '2026-10-25T02:30'],
    ['2026-12-31T23:30:00.000Z', '2027-01-01T00:30'],
  ])('%s → %s', (iso, local) => {
    expect(instantToParisLocal(new Date(iso))).toBe(local);
  });

  it('donne le jour de Paris, pas celui d’UTC', () => {
    expect(parisDayOf(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15');
  });
});

describe('endOfParisDay', () => {
  it.each([
    ['jour de 23 h (29 mars)', '2026-03-29', '2026-03-29T22:00:00.000Z'],
    ['jour de 25 h (25 octobre)', '2026-10-25', '2026-10-25T23:00:00.000Z'],
    ['veille du passage à l’été', '2026-03-28', '2026-03-28T23:00:00.000Z'],
    ['fin d’année', '2026-12-31', '2026-12-31T23:00:00.000Z'],
  ])('%s : %s se termine à %s', (_label, day, iso) => {
    expect(endOfParisDay(day)).toEqual(new Date(iso));
  });
});

describe('shiftInstantByDays', () => {
  it.each([
    [
      'vendredi 18:00 → vendredi 18:00 la semaine suivante, en traversant le passage à l’été',
      '2026-03-27T17:00:00.000Z',
      7,
      '2026-04-03T16:00:00.000Z',
    ],
    [
      'en traversant le passage à l’hiver',
      '2026-10-23T16:00:00.000Z',
      7,
      '2026-10-30T17:00:00.000Z',
    ],
    ['sans changement d’heure', '2026-06-05T16:00:00.000Z', 7, '2026-06-12T16:00:00.000Z'],
    ['en arrière', '2026-04-03T16:00:00.000Z', -7, '2026-03-27T17:00:00.000Z'],
  ])('%s', (_label, from, days, to) => {
    expect(shiftInstantByDays(new Date(from), days)).toEqual(new Date(to));
  });
});

describe('jours du calendrier', () => {
  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 7, '2026-04-05'],
    ['2026-12-28', 7, '2027-01-04'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-05', -7, '2026-02-26'],
  ])('%s + %i jours = %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(days);
  });

  it.each([
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-10-25', true],
  ])('%s est un jour valide : %s', (day, valid) => {
    expect(isValidDay(day)).toBe(valid);
  });

  it('un créneau horaire se place dans le jour de livraison', () => {
    expect(parisDayTimeToInstant('2026-10-25', '08:30')).toEqual({
      ok: true,
      instant: new Date('2026-10-25T07:30:00.000Z'),
    });
    expect(parisDayTimeToInstant('2026-10-25', '8h30')).toEqual({ ok: false, reason: 'invalid' });
  });
});
