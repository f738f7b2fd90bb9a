import { describe, expect, it } from 'vitest';
import { punctuatedTokens, punctuationWarningShare } from '../../../src/engine/corpus/punctuation';

describe('punctuation attached to tokens', () => {
  it('measures the share of tokens like "him," and "lord." and names the most frequent', () => {
    const words = ['the', 'and', 'him,', 'lord.', '“behold', '—', "don't", 'o’clock'];
    const counts = [100, 50, 20, 10, 5, 10, 3, 2];
    const result = punctuatedTokens(words, counts);
    expect(result.tokens).toBe(35);
    expect(result.share).toBeCloseTo(35 / 200, 12);
    expect(result.examples).toEqual(['him,', 'lord.', '“behold']);
    expect(result.share).toBeGreaterThan(punctuationWarningShare);
    // A text8-like vocabulary has none.
    expect(punctuatedTokens(['the', 'of', 'and'], [3, 2, 1]).share).toBe(0);
  });
});
