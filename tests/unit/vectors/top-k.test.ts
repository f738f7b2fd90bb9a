import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/engine/evaluation';
import { topK } from '../../../src/engine/vectors/top-k';

/** The reference: sort every allowed position by score (best first), ties by position. */
function sortedTopK(scores: Float32Array, offset: number, length: number, k: number, excluded: Set<number>) {
  const positions = Array.from({ length }, (_, position) => position).filter((position) => !excluded.has(position));
  positions.sort((first, second) => scores[offset + second] - scores[offset + first] || first - second);
  return positions.slice(0, k);
}

describe('topK', () => {
  it('agrees with a full sort: long rows (chunk bound in use), short rows, ties, exclusions', () => {
    const random = createRandom(5, 'top-k');
    for (const length of [7, 130, 5000, 20_000]) {
      // Few distinct values: many ties, which must fall to the lower position.
      const scores = Float32Array.from({ length: length + 3 }, () => Math.round(random() * 200) / 200);
      for (const k of [1, 10, 100]) {
        const excluded = new Set([0, Math.floor(length / 2), length - 1]);
        const result = topK(scores, 3, length, k, excluded);
        const expected = sortedTopK(scores, 3, length, k, excluded);
        expect(Array.from(result.rows)).toEqual(expected);
        expect(Array.from(result.scores)).toEqual(expected.map((position) => scores[3 + position]));
      }
    }
  });

  it('returns what there is when fewer than k positions are allowed', () => {
    const scores = Float32Array.from([0.5, 0.9, 0.1]);
    expect(Array.from(topK(scores, 0, 3, 10, new Set([1])).rows)).toEqual([0, 2]);
    expect(topK(scores, 0, 3, 0, new Set()).rows).toHaveLength(0);
  });
});
