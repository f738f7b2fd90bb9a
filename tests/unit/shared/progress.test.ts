import { describe, expect, it } from 'vitest';
import { formatDuration, formatQuantity, ProgressEstimator } from '../../../src/shared/progress';

describe('progress estimates', () => {
  it('compute fraction, a smoothed rate and the ETA from samples', () => {
    const estimator = new ProgressEstimator();
    expect(estimator.update({ phase: 'count', done: 0, total: 1000, unit: 'tokens' }, 0)).toEqual({ fraction: 0, rate: 0, etaMs: undefined });
    const first = estimator.update({ phase: 'count', done: 100, total: 1000, unit: 'tokens' }, 1000);
    expect(first).toEqual({ fraction: 0.1, rate: 100, etaMs: 9000 });
    const second = estimator.update({ phase: 'count', done: 400, total: 1000, unit: 'tokens' }, 2000);
    expect(second.rate).toBeCloseTo(0.7 * 100 + 0.3 * 300);
    expect(second.etaMs).toBeCloseTo((600 / 160) * 1000);
  });

  it('start afresh when the phase changes', () => {
    const estimator = new ProgressEstimator();
    estimator.update({ phase: 'read', done: 0, total: 10, unit: 'bytes' }, 0);
    estimator.update({ phase: 'read', done: 10, total: 10, unit: 'bytes' }, 1000);
    expect(estimator.update({ phase: 'svd', done: 1, total: 5, unit: 'iterations' }, 1500)).toEqual({ fraction: 0.2, rate: 0, etaMs: undefined });
  });

  it('format quantities and durations for people', () => {
    expect(formatQuantity(532_100)).toBe('532.1 k');
    expect(formatQuantity(2_140_000)).toBe('2.1 M');
    expect(formatQuantity(7)).toBe('7');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(61_000)).toBe('1m01s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
  });
});
