import { describe, expect, it } from 'vitest';
import { isDeliveryDayPast, resolveStopTimes } from './stop-times.ts';

describe('resolveStopTimes', () => {
  it.each([
    [
      'créneau et date limite la veille',
      {
        deliveryOn: '2026-10-29',
        windowStart: '17:00',
        windowEnd: '19:00',
        orderDeadline: '2026-10-27T18:00',
      },
      {
        windowStartAt: '2026-10-29T16:00:00.000Z',
        windowEndAt: '2026-10-29T18:00:00.000Z',
        orderDeadlineAt: '2026-10-27T17:00:00.000Z',
      },
    ],
    [
      'sans créneau, date limite le jour même à 23:59',
      { deliveryOn: '2026-10-29', orderDeadline: '2026-10-29T23:59' },
      { windowStartAt: null, windowEndAt: null, orderDeadlineAt: '2026-10-29T22:59:00.000Z' },
    ],
    [
      'date limite égale au début du créneau',
      { deliveryOn: '2026-07-02', windowStart: '08:00', orderDeadline: '2026-07-02T08:00' },
      {
        windowStartAt: '2026-07-02T06:00:00.000Z',
        windowEndAt: null,
        orderDeadlineAt: '2026-07-02T06:00:00.000Z',
      },
    ],
    [
      'livraison le dimanche du passage à l’heure d’été, date limite la veille en hiver',
      {
        deliveryOn: '2026-03-29',
        windowStart: '10:00',
        windowEnd: '12:00',
        orderDeadline: '2026-03-28T20:00',
      },
      {
        windowStartAt: '2026-03-29T08:00:00.000Z',
        windowEndAt: '2026-03-29T10:00:00.000Z',
        orderDeadlineAt: '2026-03-28T19:00:00.000Z',
      },
    ],
    [
      'livraison le dimanche du passage à l’heure d’hiver, date limite 23:30 le jour même',
      { deliveryOn: '2026-10-25', orderDeadline: '2026-10-25T23:30' },
      { windowStartAt: null, windowEndAt: null, orderDeadlineAt: '2026-10-25T22:30:00.000Z' },
    ],
  ])('accepte : %s', (_label, input, expected) => {
    const result = resolveStopTimes(input);
    expect(result).toEqual({
      ok: true,
      times: {
        windowStartAt: expected.windowStartAt ? new Date(expected.windowStartAt) : null,
        windowEndAt: expected.windowEndAt ? new Date(expected.windowEndAt) : null,
        orderDeadlineAt: new Date(expected.orderDeadlineAt),
      },
    });
  });

  it.each([
    [
      'date limite après la fin du jour de livraison',
      { deliveryOn: '2026-10-29', orderDeadline: '2026-10-30T00:00' },
      {
        orderDeadline: [
          'La date limite de commande doit précéder la fin du jour de livraison (29 octobre 2026).',
        ],
      },
    ],
    [
      'date limite après le début du créneau',
      { deliveryOn: '2026-10-29', windowStart: '17:00', orderDeadline: '2026-10-29T17:01' },
      { orderDeadline: ['La date limite de commande doit précéder le début du créneau.'] },
    ],
    [
      'fin du créneau avant son début',
      {
        deliveryOn: '2026-10-29',
        windowStart: '19:00',
        windowEnd: '17:00',
        orderDeadline: '2026-10-27T18:00',
      },
      { windowEnd: ['La fin du créneau doit être après son début.'] },
    ],
    [
      'créneau vide (fin = début)',
      {
        deliveryOn: '2026-10-29',
        windowStart: '17:00',
        windowEnd: '17:00',
        orderDeadline: '2026-10-27T18:00',
      },
      { windowEnd: ['La fin du créneau doit être après son début.'] },
    ],
    [
      'date limite dans l’heure sautée du 29 mars',
      { deliveryOn: '2026-03-31', orderDeadline: '2026-03-29T02:30' },
      {
        orderDeadline: [
          'Cette heure n’existe pas à Paris ce jour-là (passage à l’heure d’été) : choisissez-en une autre.',
        ],
      },
    ],
    [
      'début de créneau dans l’heure sautée',
      { deliveryOn: '2026-03-29', windowStart: '02:15', orderDeadline: '2026-03-28T18:00' },
      {
        windowStart: [
          'Cette heure n’existe pas à Paris ce jour-là (passage à l’heure d’été) : choisissez-en une autre.',
        ],
      },
    ],
    [
      'date limite illisible',
      { deliveryOn: '2026-10-29', orderDeadline: 'mardi soir' },
      { orderDeadline: ['Donnez la date et l’heure limite de commande.'] },
    ],
  ])('refuse : %s', (_label, input, fieldErrors) => {
    expect(resolveStopTimes(input)).toEqual({ ok: false, fieldErrors });
  });
});

describe('isDeliveryDayPast', () => {
  it.each([
    ['2026-10-28', '2026-10-29', true],
    ['2026-10-29', '2026-10-29', false],
    ['2026-10-30', '2026-10-29', false],
  ])('%s vu le %s : passé = %s', (day, today, past) => {
    expect(isDeliveryDayPast(day, today)).toBe(past);
  });
});
