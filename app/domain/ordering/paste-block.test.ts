import { describe, expect, it } from 'vitest';
import { isPasteBlock, parsePasteBlock } from './paste-block.ts';

describe('parsePasteBlock', () => {
  it.each([
    [
      '1,5\t2\n\t0,5\n',
      [
        [1500, 2000],
        [null, 500],
      ],
    ],
    ['3\r\n4\r\n', [[3000], [4000]]],
    ['abc\t1', [[undefined, 1000]]],
  ])('%j', (text, expected) => {
    expect(parsePasteBlock(text)).toEqual(expected);
  });
  it.each([
    ['2', false],
    ['2\n', false],
    ['1\t2', true],
    ['1\n2', true],
  ])('isPasteBlock(%j) = %s', (text, expected) => {
    expect(isPasteBlock(text)).toBe(expected);
  });
});
