import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, type Kernels } from '../../../src/engine/compute';
import { SpaceComparison } from '../../../src/engine/compare/space-comparison';
import type { Embedding } from '../../../src/engine/formats/embedding';
import { randomOrthogonal, randomVectors, times } from './helpers';

let kernels: Kernels;
beforeAll(async () => {
  kernels = await createKernels('cpu', { threads: 1 });
});
afterAll(async () => {
  await kernels.dispose();
});

const words = (count: number, prefix = 'w') => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

describe('SpaceComparison', () => {
  const rows = 300;
  const d = 16;
  const a: Embedding = { words: words(rows), vectors: randomVectors(rows, d, 1), dimensions: d };
  const rotated: Embedding = { words: words(rows), vectors: times(a.vectors, rows, d, randomOrthogonal(d, 2)), dimensions: d };

  it('finds a rotated copy identical: full overlap, every neighbour common, no displacement after Procrustes', async () => {
    const comparison = await SpaceComparison.open(a, rotated, 20_000, kernels);
    expect(comparison.summary).toMatchObject({ shared: rows, onlyInA: 0, onlyInB: 0, kMax: 100, zeroVectors: { a: [], b: [] } });
    const overlap = comparison.overlap(10);
    expect(overlap.mean).toBeCloseTo(1, 6);
    const neighbors = comparison.neighbors('w5', 10);
    expect(neighbors.common).toBe(10);
    expect(neighbors.a.map((entry) => entry.word)).toEqual(neighbors.b.map((entry) => entry.word));
    for (let index = 0; index < 10; index++) expect(neighbors.a[index].similarity).toBeCloseTo(neighbors.b[index].similarity, 5);
    expect(neighbors.sweep).toHaveLength(100);
    expect(Math.min(...neighbors.sweep)).toBeCloseTo(1, 6);
    const alignment = comparison.alignment({ mode: 'all' });
    expect(Math.max(...alignment.displacement)).toBeLessThan(1e-4);
    expect(alignment.anchors).toBe(rows);
  });

  it('lists the words whose vector is all zeros on each side', async () => {
    const b: Embedding = { words: rotated.words, vectors: rotated.vectors.slice(), dimensions: d };
    b.vectors.fill(0, 7 * d, 8 * d);
    const comparison = await SpaceComparison.open(a, b, 20_000, kernels);
    expect(comparison.summary.zeroVectors).toEqual({ a: [], b: [7] });
  });

  it('keeps the top N shared words, lists what each side lacks, and moves the words it was told to', async () => {
    const b: Embedding = { words: [...words(rows - 20), ...words(20, 'x')], vectors: rotated.vectors.slice(), dimensions: d };
    // Scramble the last few shared words of B: they move, everything else stays.
    const moved = [250, 251, 252];
    const noise = randomVectors(moved.length, d, 9);
    moved.forEach((row, index) => b.vectors.set(noise.subarray(index * d, (index + 1) * d), row * d));
    const comparison = await SpaceComparison.open(a, b, 260, kernels);
    expect(comparison.summary).toMatchObject({ shared: rows - 20, onlyInA: 20, onlyInB: 20, kMax: 100 });
    expect(comparison.summary.words).toHaveLength(260);
    expect(comparison.summary.onlyInASample.slice(0, 3)).toEqual(['w280', 'w281', 'w282']);
    expect(comparison.summary.onlyInBSample.slice(0, 3)).toEqual(['x0', 'x1', 'x2']);

    const alignment = comparison.alignment({ mode: 'except', words: ['w250', 'w251', 'w252', 'nonesuch'] });
    expect(alignment.anchors).toBe(257);
    expect(alignment.unknownWords).toEqual(['nonesuch']);
    const ranked = alignment.displacement.map((value, row) => ({ value, row })).sort((first, second) => second.value - first.value);
    expect(ranked.slice(0, 3).map((entry) => entry.row).sort()).toEqual(moved);
    expect(ranked[3].value).toBeLessThan(1e-4);
    expect(comparison.alignment({ mode: 'top', top: 50 }).anchors).toBe(50);
  });

  it('maps both spaces with PCA: one point per word, variance shares in (0, 1]', async () => {
    const comparison = await SpaceComparison.open(a, rotated, 20_000, kernels);
    const projection = comparison.pca(120);
    expect(projection.count).toBe(120);
    expect(projection.a.x).toHaveLength(120);
    expect(projection.b.y).toHaveLength(120);
    const [first, second] = projection.a.explained!;
    expect(first).toBeGreaterThanOrEqual(second);
    expect(first + second).toBeLessThanOrEqual(1 + 1e-9);
    // A rotation leaves the principal components' variances unchanged.
    expect(projection.b.explained![0]).toBeCloseTo(first, 4);
  });

  it('says clearly what it cannot do: too few shared words, an unknown word, k beyond the words', async () => {
    const other: Embedding = { words: [...words(9), ...words(rows - 9, 'y')], vectors: rotated.vectors, dimensions: d };
    await expect(SpaceComparison.open(a, other, 20_000, kernels)).rejects.toThrow(/share 9 words; a comparison needs at least 10/);

    const small = await SpaceComparison.open(a, rotated, 30, kernels);
    expect(small.summary.kMax).toBe(29);
    expect(() => small.neighbors('w1', 50)).toThrow(/k must be a whole number from 1 to 29 \(the comparison holds 30 words/);
    expect(() => small.overlap(30)).toThrow(/from 1 to 29/);
    expect(() => small.neighbors('w200', 5)).toThrow(/“w200” is not among the 30 shared words/);
  });
});
