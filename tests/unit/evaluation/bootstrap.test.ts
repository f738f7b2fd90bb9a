import { describe, expect, it } from 'vitest';
import { createRandom, proportionInterval } from '../../../src/engine/evaluation';
import { percentileInterval, quantileOfSorted } from '../../../src/engine/evaluation/bootstrap';

describe('createRandom', () => {
  it('repeats a sequence for the same seed and stream, and differs otherwise', () => {
    const first = createRandom(1, 'a');
    const again = createRandom(1, 'a');
    const otherStream = createRandom(1, 'b');
    const otherSeed = createRandom(2, 'a');
    const values = Array.from({ length: 5 }, () => first());
    expect(Array.from({ length: 5 }, () => again())).toEqual(values);
    expect(Array.from({ length: 5 }, () => otherStream())).not.toEqual(values);
    expect(Array.from({ length: 5 }, () => otherSeed())).not.toEqual(values);
    for (const value of values) expect(value >= 0 && value < 1).toBe(true);
  });

  it('is roughly uniform', () => {
    const random = createRandom(3);
    const bins = new Array(10).fill(0);
    for (let draw = 0; draw < 100000; draw++) bins[Math.floor(random() * 10)]++;
    for (const count of bins) expect(Math.abs(count - 10000)).toBeLessThan(500);
  });
});

describe('quantileOfSorted', () => {
  it('interpolates linearly like numpy.percentile', () => {
    const sorted = Float64Array.of(1, 2, 3, 4);
    expect(quantileOfSorted(sorted, 0)).toBe(1);
    expect(quantileOfSorted(sorted, 1)).toBe(4);
    expect(quantileOfSorted(sorted, 0.5)).toBe(2.5);
    expect(quantileOfSorted(sorted, 0.025)).toBeCloseTo(1.075, 12);
  });

  it('drops NaN resamples', () => {
    expect(percentileInterval(Float64Array.of(Number.NaN, 1, 1, 1))).toEqual([1, 1]);
    expect(percentileInterval(Float64Array.of(Number.NaN))).toBeNull();
  });
});

describe('proportionInterval', () => {
  it('matches resampling the right/wrong items one by one', () => {
    const [successes, n] = [30, 100];
    const random = createRandom(11, 'naive');
    const naive = new Float64Array(20000);
    for (let sample = 0; sample < naive.length; sample++) {
      let right = 0;
      for (let draw = 0; draw < n; draw++) if (Math.floor(random() * n) < successes) right++;
      naive[sample] = right / n;
    }
    const [naiveLow, naiveHigh] = percentileInterval(naive)!;
    const [low, high] = proportionInterval(successes, n, { samples: 20000, seed: 5 }, 'test')!;
    expect(Math.abs(low - naiveLow)).toBeLessThanOrEqual(0.011);
    expect(Math.abs(high - naiveHigh)).toBeLessThanOrEqual(0.011);
    // The normal approximation: 0.3 ± 1.96·√(0.3·0.7/100) = [0.21, 0.39].
    expect(low).toBeCloseTo(0.21, 1);
    expect(high).toBeCloseTo(0.39, 1);
  });

  it('is seeded, and degenerate at 0 and n', () => {
    const options = { samples: 500, seed: 9 };
    expect(proportionInterval(40, 200, options, 's')).toEqual(proportionInterval(40, 200, options, 's'));
    expect(proportionInterval(0, 50, options, 's')).toEqual([0, 0]);
    expect(proportionInterval(50, 50, options, 's')).toEqual([1, 1]);
    expect(proportionInterval(3, 0, options, 's')).toBeNull();
    expect(proportionInterval(3, 10, { samples: 0, seed: 1 }, 's')).toBeNull();
  });

  it('handles large n (the whole Google set) without underflow', () => {
    const [low, high] = proportionInterval(1300, 19544, { samples: 2000, seed: 1 }, 'google')!;
    const p = 1300 / 19544;
    const spread = 1.96 * Math.sqrt((p * (1 - p)) / 19544);
    expect(low).toBeCloseTo(p - spread, 3);
    expect(high).toBeCloseTo(p + spread, 3);
  });
});
