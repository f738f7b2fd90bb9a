import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, type Kernels } from '../../../src/engine/compute';
import { nearestNeighbors, nearestNeighborsOfWords, resolveQuery } from '../../../src/engine/evaluation';
import { topK } from '../../../src/engine/vectors/top-k';
import { embeddingOf, randomEmbedding, referenceKernels } from './helpers';

const degrees = (angle: number, length = 1) => [length * Math.cos((angle * Math.PI) / 180), length * Math.sin((angle * Math.PI) / 180)];

const compass = embeddingOf({
  north: degrees(90, 2),
  east: degrees(0, 3),
  'north-east': degrees(45),
  west: degrees(180),
  south: degrees(270),
  near_north: degrees(80),
});

describe('nearestNeighbors', () => {
  it('ranks words by cosine, best first, without the query word', async () => {
    const result = await nearestNeighbors(compass, 'north', 3, referenceKernels);
    expect(result.neighbors.map((neighbor) => neighbor.word)).toEqual(['near_north', 'north-east', 'east']);
    expect(result.neighbors[0].similarity).toBeCloseTo(Math.cos((10 * Math.PI) / 180), 6);
    expect(result.neighbors[1].similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(result.neighbors[2].similarity).toBeCloseTo(0, 6);
  });

  it('evaluates an expression as the normalised sum of unit vectors, excluding its words', async () => {
    // north + east points to 45°: north-east, then near_north (35° away).
    const result = await nearestNeighbors(compass, 'north+east', 2, referenceKernels);
    expect(result.terms.map((term) => [term.word, term.sign, term.row])).toEqual([
      ['north', 1, 0],
      ['east', 1, 1],
    ]);
    expect(result.neighbors.map((neighbor) => neighbor.word)).toEqual(['north-east', 'near_north']);
    expect(result.neighbors[0].similarity).toBeCloseTo(1, 6);
    // A known hyphenated word is a word, not a subtraction.
    const hyphen = await nearestNeighbors(compass, 'north-east', 1, referenceKernels);
    expect(hyphen.terms).toHaveLength(1);
    expect(hyphen.neighbors[0].word).toBe('near_north');
    // north − west + south = (0, 1) − (−1, 0) + (0, −1) = (1, 0): east.
    const arithmetic = await nearestNeighbors(compass, 'north - west + south', 1, referenceKernels);
    expect(arithmetic.neighbors[0]).toMatchObject({ word: 'east' });
    expect(arithmetic.neighbors[0].similarity).toBeCloseTo(1, 6);
  });

  it('reports every unknown word instead of guessing', async () => {
    await expect(nearestNeighbors(compass, 'north - nord + est', 3, referenceKernels)).rejects.toMatchObject({
      code: 'not-found',
      message: 'Not in the vocabulary: "nord", "est"',
      where: { field: 'query' },
    });
    expect(resolveQuery(compass, 'NORTH + Sud').unknown).toEqual(['Sud']);
    await expect(nearestNeighbors(compass, 'north - north', 3, referenceKernels)).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(nearestNeighbors(compass, 'north', 0, referenceKernels)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('searches only the top N with restrict, and returns fewer than k when the vocabulary is small', async () => {
    const result = await nearestNeighbors(compass, 'north', 10, referenceKernels, { restrict: 3 });
    expect(result.neighbors.map((neighbor) => neighbor.word)).toEqual(['north-east', 'east']);
    await expect(nearestNeighbors(compass, 'near_north', 1, referenceKernels, { restrict: 3 })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('nearestNeighborsOfWords on the cpu backend', () => {
  let cpu: Kernels;
  beforeAll(async () => {
    cpu = await createKernels('cpu', { threads: 2 });
  });
  afterAll(async () => {
    await cpu?.dispose();
  });

  it('gives the same lists as a brute-force search, batch by batch', async () => {
    const words = Array.from({ length: 1500 }, (_, index) => `w${index}`);
    const embedding = randomEmbedding(words, 24, 8);
    const queries = words.slice(0, 1100);
    const results = await nearestNeighborsOfWords(embedding, queries, 5, cpu);
    expect(results).toHaveLength(1100);
    const { vectors, dimensions: d } = embedding;
    const norms = words.map((_, row) => Math.hypot(...vectors.subarray(row * d, (row + 1) * d)));
    const cosine = (x: number, y: number) => {
      let sum = 0;
      for (let index = 0; index < d; index++) sum += vectors[x * d + index] * vectors[y * d + index];
      return sum / (norms[x] * norms[y]);
    };
    for (const query of [0, 1, 511, 1023, 1024, 1099]) {
      const expected = words
        .map((_, row) => ({ row, similarity: cosine(query, row) }))
        .filter((entry) => entry.row !== query)
        .sort((left, right) => right.similarity - left.similarity)
        .slice(0, 5);
      expect(results[query].neighbors.map((neighbor) => neighbor.row)).toEqual(expected.map((entry) => entry.row));
      results[query].neighbors.forEach((neighbor, rank) => expect(neighbor.similarity).toBeCloseTo(expected[rank].similarity, 5));
    }
  });
});

describe('topK', () => {
  it('keeps the k best, earlier position first on ties, skipping exclusions', () => {
    const scores = Float32Array.of(0.5, 0.9, 0.1, 0.9, 0.7, 0.2);
    const best = topK(scores, 0, 6, 3, new Set([4]));
    expect(Array.from(best.rows)).toEqual([1, 3, 0]);
    expect(Array.from(topK(scores, 2, 4, 2, new Set()).rows)).toEqual([1, 2]);
  });
});
