import { describe, expect, it } from 'vitest';
import { alignSpaces } from '../../../src/engine/compare';
import { randomOrthogonal, randomVectors, times } from './helpers';

describe('alignSpaces', () => {
  const rows = 500;
  const d = 20;
  const a = randomVectors(rows, d, 1);
  const q = randomOrthogonal(d, 2);
  const b = times(a, rows, d, q);

  it('undoes a random rotation: displacement ≈ 0 and R ≈ Q⁻¹ = Qᵀ', () => {
    const { rotation, aligned, displacement } = alignSpaces(a, b, rows, d);
    expect(Math.max(...displacement)).toBeLessThan(1e-4);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(Math.abs(rotation[i * d + j] - q[j * d + i])).toBeLessThan(1e-5);
    for (let index = 0; index < a.length; index++) expect(Math.abs(aligned[index] - a[index])).toBeLessThan(1e-4);
  });

  it('finds the same rotation from a subset of anchors and flags the words that moved', () => {
    const moved = b.slice();
    for (let index = 0; index < d; index++) moved[7 * d + index] = -moved[7 * d + index];
    const anchors = Uint32Array.from({ length: 100 }, (_, index) => index + 10);
    const { rotation, displacement } = alignSpaces(a, moved, rows, d, anchors);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(Math.abs(rotation[i * d + j] - q[j * d + i])).toBeLessThan(1e-5);
    expect(displacement[7]).toBeCloseTo(2, 5);
    expect(displacement[8]).toBeLessThan(1e-4);
  });

  it('rejects anchors outside the rows', () => {
    expect(() => alignSpaces(a, b, rows, d, Uint32Array.from([rows]))).toThrow(/Anchor/);
  });
});
