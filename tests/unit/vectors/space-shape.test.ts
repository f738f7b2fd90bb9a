import { describe, expect, it } from 'vitest';
import { centreVectors, spaceShape } from '../../../src/engine/vectors/space-shape';
import { embeddingOf, randomEmbedding } from '../evaluation/helpers';

describe('space shape and centring', () => {
  it('counts all-zero vectors and measures how much unit vectors share one direction', () => {
    const spread = embeddingOf({ a: [1, 0], b: [-1, 0], c: [0, 1], d: [0, -1], z: [0, 0] });
    expect(spaceShape(spread)).toMatchObject({ zeroVectors: 1, words: 5, dimensions: 2 });
    expect(spaceShape(spread).meanUnitNorm).toBeCloseTo(0, 12);
    const together = embeddingOf({ a: [10, 1], b: [10, -1], c: [5, 0] });
    expect(spaceShape(together).meanUnitNorm).toBeGreaterThan(0.99);
  });

  it('centring removes the mean and the top principal directions, and keeps zero vectors zero', () => {
    const base = randomEmbedding(
      Array.from({ length: 300 }, (_, index) => `w${index}`),
      8,
      3,
    );
    // A large common offset: every vector points roughly the same way.
    for (let row = 0; row < 300; row++) base.vectors[row * 8] += 20;
    base.vectors.fill(0, 5 * 8, 6 * 8);
    expect(spaceShape(base).meanUnitNorm).toBeGreaterThan(0.9);
    const centred = centreVectors(base);
    expect(spaceShape(centred).meanUnitNorm).toBeLessThan(0.2);
    expect(Array.from(centred.vectors.subarray(5 * 8, 6 * 8))).toEqual(new Array(8).fill(0));
    const mean = new Float64Array(8);
    for (let row = 0; row < 300; row++) if (row !== 5) for (let index = 0; index < 8; index++) mean[index] += centred.vectors[row * 8 + index];
    for (const value of mean) expect(Math.abs(value / 299)).toBeLessThan(1e-5);
    // Removing two components leaves vectors orthogonal to the two top directions: their variance drops.
    const stripped = centreVectors(base, 2);
    const energy = (vectors: Float32Array) => vectors.reduce((sum, value) => sum + value * value, 0);
    expect(energy(stripped.vectors)).toBeLessThan(energy(centred.vectors));
    expect(() => centreVectors(base, 8)).toThrow(/0 to 7/);
  });
});
