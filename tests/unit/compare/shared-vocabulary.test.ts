import { describe, expect, it } from 'vitest';
import { gatherRows, reconcileVocabularies } from '../../../src/engine/compare';
import type { Embedding } from '../../../src/engine/formats';

const embedding = (words: string[]): Embedding => ({ words, vectors: Float32Array.from(words.flatMap((_, row) => [row, -row])), dimensions: 2 });

describe('reconcileVocabularies', () => {
  const a = embedding(['the', 'of', 'cat', 'dog', 'zebra']);
  const b = embedding(['dog', 'the', 'bird', 'cat', 'fish', 'owl']);

  it("pairs shared words in A's order and counts the rest", () => {
    const shared = reconcileVocabularies(a, b);
    expect(shared.words).toEqual(['the', 'cat', 'dog']);
    expect(Array.from(shared.rowsA)).toEqual([0, 2, 3]);
    expect(Array.from(shared.rowsB)).toEqual([1, 3, 0]);
    expect(shared.onlyInA).toBe(2);
    expect(shared.onlyInB).toBe(3);
  });

  it('keeps the top N shared words, counting the unshared over the whole vocabularies', () => {
    const shared = reconcileVocabularies(a, b, { top: 2 });
    expect(shared.words).toEqual(['the', 'cat']);
    expect(Array.from(shared.rowsB)).toEqual([1, 3]);
    expect(shared.onlyInA).toBe(2);
    expect(shared.onlyInB).toBe(3);
    expect(reconcileVocabularies(a, b, { top: 50 }).words).toHaveLength(3);
  });

  it('rejects a bad top', () => {
    expect(() => reconcileVocabularies(a, b, { top: 0 })).toThrow(/top/);
  });

  it('gathers the paired rows', () => {
    const shared = reconcileVocabularies(a, b);
    expect(Array.from(gatherRows(b.vectors, 2, shared.rowsB))).toEqual([1, -1, 3, -3, 0, -0]);
  });
});
