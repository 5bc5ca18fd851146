import { describe, expect, it } from 'vitest';
import { parseEurosToCents, parseQuantityMilli } from './quantity-input.ts';

describe('parseQuantityMilli', () => {
  it.each([
    ['', 0],
    ['420', 420_000],
    ['2,5', 2_500],
    ['0.125', 125],
    ['1 000', 1_000_000],
    ['-1', null],
    ['1,2345', null],
    ['abc', null],
  ])('« %s » → %s', (text, expected) => {
    expect(parseQuantityMilli(text)).toBe(expected);
  });
});

describe('parseEurosToCents', () => {
  it.each([
    ['25 000', 2_500_000],
    ['150000', 15_000_000],
    ['1234,5', 123_450],
    ['9 500,00 €', 950_000],
    ['', null],
    ['12,345', null],
    ['99999999', null],
  ])('« %s » → %s', (text, expected) => {
    expect(parseEurosToCents(text)).toBe(expected);
  });
});
