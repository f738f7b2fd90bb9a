import { describe, expect, it } from 'vitest';
import { createXoshiro128, xoshiro128FromState } from '../../../src/engine/random/xoshiro128';

describe('xoshiro128**', () => {
  it('matches the reference C implementation (Blackman & Vigna) from state {1, 2, 3, 4}', () => {
    const random = xoshiro128FromState(1, 2, 3, 4);
    expect(Array.from({ length: 6 }, () => random.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('repeats for a seed, differs between seeds, and spreads floats over [0, 1)', () => {
    const draws = (seed: number): number[] => {
      const random = createXoshiro128(seed);
      return Array.from({ length: 10_000 }, () => random.nextFloat());
    };
    expect(draws(1)).toEqual(draws(1));
    expect(draws(1)).not.toEqual(draws(2));
    const values = draws(3);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(Math.abs(values.reduce((sum, value) => sum + value, 0) / values.length - 0.5)).toBeLessThan(0.01);
  });
});
