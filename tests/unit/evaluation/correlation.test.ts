import { describe, expect, it } from 'vitest';
import { averageRanks, createRandom, pearson, spearman } from '../../../src/engine/evaluation';
import { drawMultiplicities } from '../../../src/engine/evaluation/bootstrap';
import { rankLayout, resampleRanks, weightedPearson } from '../../../src/engine/evaluation/correlation';

describe('averageRanks', () => {
  it('gives tied values the average of the ranks they span', () => {
    expect(Array.from(averageRanks([10, 20, 20, 20, 30]))).toEqual([1, 3, 3, 3, 5]);
    expect(Array.from(averageRanks([3, 1, 2, 1]))).toEqual([4, 1.5, 3, 1.5]);
    expect(Array.from(averageRanks([0.5, 0.5]))).toEqual([1.5, 1.5]);
  });
});

describe('spearman', () => {
  it('matches hand-computed values with ties', () => {
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]: cov 4.5, var 4.5 and 5 → 4.5/√22.5 = √0.9.
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
    // ranks x = [1, 3, 3, 3, 5], y = [3, 1, 2, 5, 4]: cov 2, var 8 and 10 → 2/√80.
    expect(spearman([10, 20, 20, 20, 30], [3, 1, 2, 5, 4])).toBeCloseTo(2 / Math.sqrt(80), 12);
  });

  it('is 1 for any increasing relation and −1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('is NaN when one side is constant, as scipy', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1], [2])).toBeNaN();
  });
});

describe('pearson', () => {
  it('matches a hand-computed value', () => {
    // dx = −1, 0, 1; dy = −7/3, −1/3, 8/3: cov 5, var 2 and 114/9.
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt(2 * (114 / 9)), 12);
  });
});

describe('resampled ranks', () => {
  it('equal ranking the expanded resample from scratch', () => {
    const random = createRandom(7, 'resample-test');
    // Few distinct values, so ties inside and across drawn copies are common.
    const x = Array.from({ length: 40 }, () => Math.floor(random() * 6));
    const y = Array.from({ length: 40 }, () => Math.floor(random() * 9));
    const layoutX = rankLayout(x);
    const layoutY = rankLayout(y);
    const multiplicity = new Uint32Array(40);
    const ranksX = new Float64Array(40);
    const ranksY = new Float64Array(40);
    for (let trial = 0; trial < 20; trial++) {
      drawMultiplicities(random, multiplicity);
      resampleRanks(layoutX, multiplicity, ranksX);
      resampleRanks(layoutY, multiplicity, ranksY);
      const expandedX: number[] = [];
      const expandedY: number[] = [];
      multiplicity.forEach((count, index) => {
        for (let copy = 0; copy < count; copy++) {
          expandedX.push(x[index]);
          expandedY.push(y[index]);
        }
      });
      expect(weightedPearson(ranksX, ranksY, multiplicity)).toBeCloseTo(spearman(expandedX, expandedY), 10);
      expect(weightedPearson(x, y, multiplicity)).toBeCloseTo(pearson(expandedX, expandedY), 10);
    }
  });
});
