import { describe, expect, it } from 'vitest';
import { pcaProjection } from '../../../src/engine/compare/pca-projection';
import { randomOrthogonal, randomVectors, times } from './helpers';

describe('pcaProjection', () => {
  it('finds the axes of a hand-made cloud: variance 4 along (1, 1, 0)/√2, 1 along (0, 0, 1), none along (1, −1, 0)', () => {
    // Points a·u + b·v + (10, 20, 30) with (a, b) in {±2} × {±1}: covariance 4·uuᵀ + 1·vvᵀ.
    const u = [Math.SQRT1_2, Math.SQRT1_2, 0];
    const v = [0, 0, 1];
    const coefficients = [[2, 1], [2, -1], [-2, 1], [-2, -1]];
    const vectors = Float32Array.from(coefficients.flatMap(([a, b]) => [0, 1, 2].map((j) => a * u[j] + b * v[j] + 10 * (j + 1))));
    const { x, y, explained } = pcaProjection(vectors, 4, 3);
    expect(explained[0]).toBeCloseTo(0.8, 6);
    expect(explained[1]).toBeCloseTo(0.2, 6);
    // Each axis's largest loading is made positive, so the axes are +u and +v: x = a, y = b.
    for (let row = 0; row < 4; row++) {
      expect(x[row]).toBeCloseTo(coefficients[row][0], 5);
      expect(y[row]).toBeCloseTo(coefficients[row][1], 5);
    }
    // Centred: each coordinate sums to zero.
    expect(x.reduce((sum, value) => sum + value, 0)).toBeCloseTo(0, 6);
    expect(y.reduce((sum, value) => sum + value, 0)).toBeCloseTo(0, 6);
  });

  it('gives shares that sum to at most 1, and the same picture for the cloud rotated', () => {
    const rows = 300;
    const d = 12;
    // Stretch the first two coordinates so the top two axes are well separated, then rotate.
    const base = randomVectors(rows, d, 3);
    for (let row = 0; row < rows; row++) {
      base[row * d] *= 6;
      base[row * d + 1] *= 3;
    }
    const rotated = times(base, rows, d, randomOrthogonal(d, 4));
    const first = pcaProjection(base, rows, d);
    const second = pcaProjection(rotated, rows, d);
    expect(first.explained[0]).toBeGreaterThan(first.explained[1]);
    expect(first.explained[0] + first.explained[1]).toBeLessThanOrEqual(1);
    expect(first.explained[0] + first.explained[1]).toBeGreaterThan(0.6);
    expect(second.explained[0]).toBeCloseTo(first.explained[0], 4);
    expect(second.explained[1]).toBeCloseTo(first.explained[1], 4);
    // Rotation leaves the projections alone up to each axis's sign.
    for (const axis of ['x', 'y'] as const) {
      const sign = Math.sign(first[axis][0] * second[axis][0]);
      for (let row = 0; row < rows; row++) expect(second[axis][row] * sign).toBeCloseTo(first[axis][row], 3);
    }
  });

  it('is deterministic, and flat for identical rows', () => {
    const vectors = randomVectors(50, 5, 9);
    expect(pcaProjection(vectors, 50, 5)).toEqual(pcaProjection(vectors.slice(), 50, 5));
    const flat = pcaProjection(new Float32Array(20).fill(1), 4, 5);
    expect(flat.explained).toEqual([0, 0]);
    expect(Array.from(flat.x)).toEqual([0, 0, 0, 0]);
  });

  it('rejects too few values', () => {
    expect(() => pcaProjection(new Float32Array(5), 2, 3)).toThrow(/2×3/);
  });
});
