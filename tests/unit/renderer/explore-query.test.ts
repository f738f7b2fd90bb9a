import { describe, expect, it } from 'vitest';
import { commonWords, formatCount, formatScore, lastWord, wordsOf } from '../../../src/renderer/src/explore/explore-query';

describe('Explore query helpers', () => {
  it('completes the word being typed at the end of an expression', () => {
    expect(lastWord('king - ma')).toEqual({ before: 'king - ', prefix: 'ma' });
    expect(lastWord('king-ma')).toEqual({ before: 'king-', prefix: 'ma' });
    expect(lastWord('king -ma')).toEqual({ before: 'king -', prefix: 'ma' });
    expect(lastWord('qu')).toEqual({ before: '', prefix: 'qu' });
    expect(lastWord('king + ')).toEqual({ before: 'king + ', prefix: '' });
  });

  it('splits word lists and marks the neighbours every list holds', () => {
    expect(wordsOf(' breakfast, cereal  dinner,lunch ')).toEqual(['breakfast', 'cereal', 'dinner', 'lunch']);
    const lists = [[{ word: 'a' }, { word: 'b' }, { word: 'c' }], [{ word: 'c' }, { word: 'a' }, { word: 'd' }], [{ word: 'a' }, { word: 'c' }]];
    expect([...commonWords(lists)]).toEqual(['a', 'c']);
    expect(commonWords([lists[0]]).size).toBe(0);
    expect(commonWords([lists[0], []]).size).toBe(0);
  });

  it('formats cosines and counts', () => {
    expect(formatScore(-0.12345)).toBe('\u22120.123');
    expect(formatScore(null)).toBe('—');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('—');
  });
});
