import { describe, expect, it } from 'vitest';
import { keepProbability, learningRateAt } from '../../../src/engine/models/sgns';
import { alwaysKeep, keepThresholds } from '../../../src/engine/models/sgns/schedule';

describe('learningRateAt', () => {
  it('decays linearly from α₀ to α_min over all epochs, then stays at α_min', () => {
    expect(learningRateAt(0, 1000, 0.025, 0.0001)).toBe(0.025);
    expect(learningRateAt(500, 1000, 0.025, 0.0001)).toBeCloseTo(0.01255, 15);
    expect(learningRateAt(250, 1000, 0.025, 0.0001)).toBeCloseTo(0.018775, 15);
    expect(learningRateAt(1000, 1000, 0.025, 0.0001)).toBeCloseTo(0.0001, 15);
    expect(learningRateAt(1200, 1000, 0.025, 0.0001)).toBe(0.0001);
    expect(learningRateAt(999, 1000, 0.025, 0)).toBeCloseTo(0.000025, 15);
  });
});

describe('keepProbability (word2vec.c: √(t/f) + t/f)', () => {
  // f(the) = 0.0624 on text8 (docs algorithms.md §1.2): keep 0.143, 0.0416, 0.01282.
  it.each([
    [1e-3, 0.14262],
    [1e-4, 0.041635],
    [1e-5, 0.012819],
  ])('keeps "the" (f = 0.0624) with t = %s at %s', (t, expected) => {
    expect(keepProbability(624, 10000, t)).toBeCloseTo(expected, 5);
  });

  it('keeps every word rarer than t·φ² ≈ 2.618·t, and everything when t = 0', () => {
    const t = 1e-4;
    const goldenSquared = (3 + Math.sqrt(5)) / 2;
    expect(keepProbability(goldenSquared * t * 1e6, 1e6, t)).toBeCloseTo(1, 12);
    expect(keepProbability(2 * t * 1e6, 1e6, t)).toBe(1);
    expect(keepProbability(3 * t * 1e6, 1e6, t)).toBeLessThan(1);
    expect(keepProbability(500, 1000, 0)).toBe(1);
  });

  it('becomes 32-bit thresholds: ⌊keep·2³²⌋, or all ones for keep = 1', () => {
    const counts = Float64Array.of(624, 376, 0, 9000);
    const thresholds = keepThresholds(counts, 1e-4);
    expect(thresholds[0]).toBe(Math.floor(keepProbability(624, 10000, 1e-4) * 2 ** 32));
    expect(thresholds[2]).toBe(alwaysKeep);
    expect(thresholds[3] / 2 ** 32).toBeCloseTo(Math.sqrt(1e-4 / 0.9) + 1e-4 / 0.9, 9);
    expect([...keepThresholds(counts, 0)]).toEqual([alwaysKeep, alwaysKeep, alwaysKeep, alwaysKeep]);
  });
});
