import { describe, expect, it } from 'vitest';
import { contextVectors, scaleBySingularValues, wordPlusContextVectors, wordVectors, type SvdFactors } from '../../../src/engine/linalg/eigen-weighting';

// U (3×2), S = (4, 1), V (3×2): W = U·Σ^p, C = V·Σ^p.
const svd: SvdFactors = {
  rows: 3,
  columns: 3,
  rank: 2,
  U: Float32Array.of(1, 2, 3, 4, 5, 6),
  S: Float64Array.of(4, 1),
  V: Float32Array.of(1, 0, 0, 1, 1, 1),
};

describe('eigenvalue weighting', () => {
  it('scales column k by σ_k^p: p = 0.5 by default, p = 1 (LSA) and p = 0 (U alone)', () => {
    expect(Array.from(wordVectors(svd))).toEqual([2, 2, 6, 4, 10, 6]);
    expect(Array.from(wordVectors(svd, 1))).toEqual([4, 2, 12, 4, 20, 6]);
    expect(Array.from(wordVectors(svd, 0))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(contextVectors(svd))).toEqual([2, 0, 0, 1, 2, 1]);
  });

  it('adds word and context vectors for w+c, leaving the SVD untouched', () => {
    expect(Array.from(wordPlusContextVectors(svd))).toEqual([4, 2, 6, 5, 12, 7]);
    expect(Array.from(svd.U)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects w+c for a rectangular SVD and factors that are not whole rows', () => {
    expect(() => wordPlusContextVectors({ ...svd, columns: 4 })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => scaleBySingularValues(Float32Array.of(1, 2, 3), svd.S)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});
