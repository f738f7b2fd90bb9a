import { describe, expect, it } from 'vitest';
import { densityCells, figureText, rankedLosses, weightSeries } from '../../../src/renderer/src/compare/theorem-data';

describe('theorem view data', () => {
  it('places each non-empty density square by row (score) and column (target)', () => {
    const cells = densityCells({ domain: [0, 4], bins: 2, counts: [3, 0, 0, 7], outside: 0 });
    expect(cells).toEqual([
      { x0: 0, x1: 2, y0: 0, y1: 2, count: 3 },
      { x0: 2, x1: 4, y0: 2, y1: 4, count: 7 },
    ]);
  });

  it('scales each loss weight to its own largest value and drops zeros', () => {
    const series = weightSeries({ low: [1, 2, 4], cells: [5, 3, 1], sgns: [2, 4, 8], svd: [0, 1, 1], glove: [0.1, 0.2, 0.4], xMax: 100 });
    expect(series.map((entry) => entry.key)).toEqual(['sgns', 'svd', 'glove']);
    expect(series[0].points).toEqual([
      { count: 1, weight: 0.25 },
      { count: 2, weight: 0.5 },
      { count: 4, weight: 1 },
    ]);
    expect(series[1].points.map((point) => point.count)).toEqual([2, 4]);
    expect(series[2].label).toContain('x_max = 100');
    expect(series[0].label).toContain('k·N_i·P_α(j)');
    expect(weightSeries({ low: [1], cells: [1], sgns: [1], svd: [1], glove: [1], xMax: 100 }, 'hilbert')[0].label).toContain('k·(N_i − N)·P_α(j)');
  });

  it('ranks runs by loss, the best first, with how far each is above it', () => {
    const run = (id: string, loss: number) => ({ folder: `/p/${id}`, id, model: 'sgns', dimensions: 5, loss, positive: loss / 2, negative: loss / 2, current: id === 'b' });
    const ranked = rankedLosses([run('a', 150), run('b', 100)]);
    expect(ranked.map((entry) => [entry.id, entry.aboveBest])).toEqual([
      ['b', 0],
      ['a', 0.5],
    ]);
    expect(figureText(null)).toBe('n/a');
    expect(figureText(0.12345)).toBe('0.123');
  });
});
