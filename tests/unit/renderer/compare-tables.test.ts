import { describe, expect, it } from 'vitest';
import { parseCount, parseWordList, perWordRows, rankWords } from '../../../src/renderer/src/compare/compare-tables';

describe('Compare tables', () => {
  const words = ['the', 'of', 'and', 'in', 'a'];
  const values = [0.5, 0.1, 0.9, 0.1, Number.NaN];

  it('ranks words by value, ties by frequency, skipping values that are not numbers', () => {
    expect(rankWords(words, values, 'lowest', 3).map((entry) => entry.word)).toEqual(['of', 'in', 'the']);
    expect(rankWords(words, values, 'highest', 2)).toEqual([
      { index: 2, word: 'and', value: 0.9 },
      { index: 0, word: 'the', value: 0.5 },
    ]);
    expect(rankWords(words, values, 'lowest', 10, (value) => value >= 0.5).map((entry) => entry.word)).toEqual(['the', 'and']);
  });

  it('makes per-word CSV rows with the frequency rank first', () => {
    expect(perWordRows(['x', 'y'], [[0.25, 0.5], [1, 2]])).toEqual([
      [1, 'x', 0.25, 1],
      [2, 'y', 0.5, 2],
    ]);
  });

  it('reads word lists and counts as typed', () => {
    expect(parseWordList(' king, queen\nman  king ')).toEqual(['king', 'queen', 'man']);
    expect(parseCount('500', 10)).toEqual({ value: 500 });
    // A number input bound with bind:value gives a number once typed in.
    expect(parseCount(2000, 10)).toEqual({ value: 2000 });
    expect(parseCount('5', 10)).toHaveProperty('error');
    expect(parseCount('1.5', 1)).toHaveProperty('error');
    expect(parseCount('', 1)).toHaveProperty('error');
  });
});
