import { describe, expect, it } from 'vitest';
import { scaleColumns, symmetricSplitScale } from '../../../src/engine/models/sppmi-svd/symmetric-split';

describe('symmetricSplitScale', () => {
  it('turns U·Σ^p into U·Σ^½ column by column, and keeps a zero singular value at zero', () => {
    // p = 1: column i times σᵢ^(−½); σ = 0 gives 0, never ∞ (a warm start or theorem row of NaN).
    const scale = symmetricSplitScale([4, 0.25, 0], 1, 3);
    expect(Array.from(scale)).toEqual([0.5, 2, 0]);
    const W = Float32Array.from([4, 0.25, 0, 8, 0.5, 0]); // two rows of U·Σ with U rows (1, 1, 0) and (2, 2, 0)
    scaleColumns([W], scale);
    expect(Array.from(W)).toEqual([2, 0.5, 0, 4, 1, 0]); // U·Σ^½
    expect(Array.from(symmetricSplitScale([9, 4], 0.5, 2))).toEqual([1, 1]);
  });
});
