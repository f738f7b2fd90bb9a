import { describe, expect, it } from 'vitest';
import { sgnsCellsReference } from '../../../src/engine/compute/reference/sgns-cells';
import { createXoshiro128 } from '../../../src/engine/random/xoshiro128';

/** The loss and gradient written the long way, from the definitions, in float64. */
function direct(x: number, positive: number, negatives: number): { loss: number; gradient: number } {
  const softplus = (value: number) => Math.log(1 + Math.exp(value));
  const sigmoid = 1 / (1 + Math.exp(-x));
  return { loss: positive * softplus(-x) + negatives * softplus(x), gradient: (positive + negatives) * sigmoid - positive };
}

describe('the MF-SGNS element-wise kernel', () => {
  for (const hilbert of [false, true]) {
    it(`matches the definitions cell by cell (${hilbert ? 'hilbert' : 'levy'} negatives)`, () => {
      const [m, n, k] = [5, 7, 3];
      const random = createXoshiro128(11);
      const scores = Float32Array.from({ length: m * n }, () => (random.nextFloat() - 0.5) * 12);
      const counts = Float64Array.from({ length: m * n }, () => (random.nextFloat() < 0.5 ? 0 : Math.floor(random.nextFloat() * 20)));
      const rowCounts = Float64Array.from({ length: m }, () => 50 + random.nextFloat() * 100);
      const negativeRows = rowCounts.map((count) => k * count);
      const contextProbabilities = Float64Array.from({ length: n }, () => random.nextFloat() / n);
      const observed = Uint32Array.from(counts.keys()).filter((cell) => counts[cell] > 0);
      const original = scores.slice();
      const loss = sgnsCellsReference({ m, n, scores, observed, counts: Float64Array.from(observed, (cell) => counts[cell]), negativeRows, contextProbabilities, negative: k, hilbert });
      const gradient = scores;
      let expectedLoss = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const cell = i * n + j;
          const negatives = k * (rowCounts[i] - (hilbert ? counts[cell] : 0)) * contextProbabilities[j];
          const expected = direct(original[cell], counts[cell], negatives);
          expectedLoss += expected.loss;
          expect(gradient[cell]).toBeCloseTo(expected.gradient, 4);
        }
      }
      expect(loss).toBeCloseTo(expectedLoss, 8);
    });
  }

  it('stays finite for large |x| where exp overflows', () => {
    const gradient = Float32Array.of(800, -800);
    const loss = sgnsCellsReference(
      { m: 1, n: 2, scores: gradient, observed: Uint32Array.of(0, 1), counts: Float64Array.of(1, 1), negativeRows: Float64Array.of(2), contextProbabilities: Float64Array.of(0.5, 0.5), negative: 1, hilbert: false },
    );
    // x = 800: the negative term costs 1·800; x = −800: the positive term costs 1·800.
    expect(loss).toBeCloseTo(1600, 6);
    expect(Array.from(gradient)).toEqual([1, -1]);
  });
});
