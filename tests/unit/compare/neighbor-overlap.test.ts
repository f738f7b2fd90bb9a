import { describe, expect, it } from 'vitest';
import { neighborOverlap, overlapSweep } from '../../../src/engine/compare';

describe('neighborOverlap', () => {
  it('gives 1 for identical lists (in any order), 0 for disjoint, 1/3 for half shared', () => {
    const a = Uint32Array.from([1, 2, 3, 4, /**/ 1, 2, 3, 4, /**/ 1, 2, 3, 4]);
    const b = Uint32Array.from([4, 3, 2, 1, /**/ 5, 6, 7, 8, /**/ 1, 2, 9, 10]);
    const overlap = neighborOverlap(a, b, 3, 4);
    expect(overlap[0]).toBe(1);
    expect(overlap[1]).toBe(0);
    expect(overlap[2]).toBeCloseTo(1 / 3, 12);
  });

  it('rejects lists of the wrong size', () => {
    expect(() => neighborOverlap(new Uint32Array(4), new Uint32Array(3), 1, 4)).toThrow(/Neighbour lists/);
  });
});

describe('overlapSweep', () => {
  it('measures the overlap of each prefix', () => {
    // Row 1 of two rows×4 lists. k=1: {5} vs {6} → 0. k=2: {5,6} vs {6,5} → 1.
    // k=3: {5,6,7} vs {6,5,8} → 2/4. k=4: {5,6,7,8} vs {6,5,8,9} → 3/5.
    const a = Uint32Array.from([0, 0, 0, 0, 5, 6, 7, 8]);
    const b = Uint32Array.from([0, 0, 0, 0, 6, 5, 8, 9]);
    expect(Array.from(overlapSweep(a, b, 1, 4))).toEqual([0, 1, 0.5, 0.6]);
  });

  it('agrees with neighborOverlap on each prefix of random lists', () => {
    const kMax = 6;
    const a = Uint32Array.from([3, 9, 1, 7, 2, 8]);
    const b = Uint32Array.from([9, 4, 3, 2, 11, 1]);
    const sweep = overlapSweep(a, b, 0, kMax);
    for (let k = 1; k <= kMax; k++) expect(sweep[k - 1]).toBeCloseTo(neighborOverlap(a.slice(0, k), b.slice(0, k), 1, k)[0], 12);
  });

  it('rejects a row outside the lists', () => {
    expect(() => overlapSweep(new Uint32Array(8), new Uint32Array(8), 2, 4)).toThrow(/outside/);
  });
});
