import { describe, expect, it } from 'vitest';
import { referenceBatchedSgns, referenceSgns, trainSgns, type SgnsOptions } from '../../../src/engine/models/sgns';
import { buildSigmoidTables, logitBucket } from '../../../src/engine/models/sgns/sigmoid-table';
import { differingIndices, text8Slice, zipfCorpus } from './fixtures';

describe('the batched update (sgns-batched.wat) on one thread', () => {
  const corpus = zipfCorpus(30_000, 300);
  const oneLine = zipfCorpus(30_000, 300, 8, 0);
  const cases: Array<[string, Partial<SgnsOptions>, typeof corpus]> = [
    ['d 16, dynamic window, subsampling', { dimensions: 16, epochs: 2, subsample: 1e-3 }, corpus],
    ['d 18 (not a multiple of 4), fixed window 3, no subsampling, k 3, exponent 0.5', { dimensions: 18, window: 3, fixedWindow: true, subsample: 0, negative: 3, nsExponent: 0.5, epochs: 2 }, corpus],
    ['d 5, window 2, k 1, α 0.05 → 0, one line', { dimensions: 5, window: 2, negative: 1, alpha: 0.05, minAlpha: 0, epochs: 1, seed: 99 }, oneLine],
    ['d 100, window 5, k 6 (an odd number of outputs)', { dimensions: 100, negative: 6, epochs: 1 }, corpus],
  ];
  it.each(cases)('gives the bits of the TypeScript reference: %s', async (_, options, corpus) => {
    const expected = referenceBatchedSgns(corpus, { ...options, threads: 1 });
    const result = await trainSgns(corpus, { ...options, update: 'batched', threads: 1 });
    expect(differingIndices(result.W, expected.W)).toEqual([]);
    expect(differingIndices(result.C, expected.C)).toEqual([]);
    expect(result.lossCurve).toEqual(expected.lossCurve);
    expect(result.pairs).toBe(expected.pairs);
    expect(result.negativesSkipped).toBe(expected.negativesSkipped);
    expect(result.pairs).toBeGreaterThan(10_000);
    expect(result).toMatchObject({ threads: 1, reproducible: true, vocabularySize: 300 });
    expect(result.degenerate).toBeUndefined();
  });

  it('is the default, trains the same pairs as word2vec mode, and differs from it', async () => {
    const options = { dimensions: 16, epochs: 1, threads: 1 };
    const batched = await trainSgns(corpus, options);
    const word2vec = referenceSgns(corpus, options);
    expect(differingIndices(batched.W, referenceBatchedSgns(corpus, options).W)).toEqual([]);
    // The same walk over the corpus: the same windows, hence the same pairs (only the draws after
    // each window's span differ: k per window instead of k per pair).
    expect(Math.abs(batched.pairs - word2vec.pairs) / word2vec.pairs).toBeLessThan(0.02);
    expect(differingIndices(batched.W, word2vec.W)).not.toEqual([]);
  });

  it('frees the caller’s ids when asked (releaseIds), with the same result', async () => {
    const options = { dimensions: 12, epochs: 1, threads: 1 };
    const own = { ids: corpus.ids.slice(), counts: corpus.counts };
    const released = await trainSgns(own, options, { releaseIds: true });
    expect(own.ids.length).toBe(0);
    expect(corpus.ids.length).toBe(30_000);
    const kept = await trainSgns(corpus, options);
    expect(differingIndices(released.W, kept.W)).toEqual([]);
    expect(released.memory).toMatchObject({ corpusIdsBytes: 30_000 * 4 });
  });

  it('draws k negatives per window, skipping those equal to the centre word', async () => {
    const ids = Int32Array.from({ length: 20_000 }, (_, i) => (i * 7 + (i >> 3)) % 3);
    const corpus = { ids, counts: Float64Array.of(1, 1, 1) };
    const options = { dimensions: 8, window: 2, negative: 5, nsExponent: 0, subsample: 0, epochs: 1, threads: 1 };
    const result = await trainSgns(corpus, options);
    // One window per token (20,000), 5 draws each, a third equal to the centre word.
    expect(result.negativesSkipped / (20_000 * 5)).toBeCloseTo(1 / 3, 2);
    expect(result.negativesSkipped).toBe(referenceBatchedSgns(corpus, options).negativesSkipped);
  });

  it('trains one repeated word without NaN and says it is degenerate', async () => {
    const corpus = { ids: new Int32Array(20_000).fill(0), counts: Float64Array.of(20_000) };
    const result = await trainSgns(corpus, { dimensions: 8, window: 1, epochs: 1, threads: 1 });
    expect(result.W.every(Number.isFinite) && result.C.every(Number.isFinite)).toBe(true);
    expect(result.degenerate).toMatch(/single word/);
  });
});

describe('the batched update on two threads', () => {
  it('learns as well as one thread', async () => {
    const corpus = zipfCorpus(60_000, 400, 11);
    const options = { dimensions: 16, epochs: 2 };
    const [one, two] = [await trainSgns(corpus, { ...options, threads: 1 }), await trainSgns(corpus, { ...options, threads: 2 })];
    expect(two).toMatchObject({ threads: 2, reproducible: false });
    expect(two.W.every(Number.isFinite) && two.C.every(Number.isFinite)).toBe(true);
    expect(Math.abs(two.pairs - one.pairs) / one.pairs).toBeLessThan(0.01);
    expect(Math.abs(two.lossCurve[1].loss! - one.lossCurve[1].loss!) / one.lossCurve[1].loss!).toBeLessThan(0.02);
  });
});

describe('the sigmoid table', () => {
  const tables = buildSigmoidTables();
  it('is symmetric about 0 and within 0.002 of σ', () => {
    for (let i = 0; i < 2048; i++) expect(tables.sigmoid[i] + tables.sigmoid[2047 - i]).toBeCloseTo(1, 6);
    for (const f of [-7.99, -3, -0.01, 0, 0.01, 0.5, 2, 5.5, 7.99]) {
      expect(Math.abs(tables.sigmoid[logitBucket(f)] - 1 / (1 + Math.exp(-f)))).toBeLessThan(0.002);
      expect(Math.abs(tables.loss[logitBucket(f)] - Math.log1p(Math.exp(-f)))).toBeLessThan(0.005);
    }
  });
  it('clamps logits beyond ±8 and NaN to its ends', () => {
    expect([logitBucket(-100), logitBucket(100), logitBucket(Number.NaN), logitBucket(Number.POSITIVE_INFINITY), logitBucket(-8), logitBucket(8)]).toEqual([0, 2047, 0, 2047, 0, 2047]);
  });
});

describe('what the batched update learns', () => {
  it('reaches a similarity floor on 300 k tokens of text8 (2 epochs, 2 threads), as word2vec mode does', async () => {
    const { corpus, index } = text8Slice(300_000);
    const result = await trainSgns(corpus, { epochs: 2, threads: 2, update: 'batched' });
    const d = result.dimensions;
    const V = result.vocabularySize;
    const mean = new Float64Array(d);
    for (let word = 0; word < V; word++) for (let i = 0; i < d; i++) mean[i] += result.W[word * d + i] / V;
    const centred = result.W.map((value, at) => value - mean[at % d]);
    const norm = (word: number) => Math.hypot(...centred.subarray(word * d, word * d + d));
    const similarity = ([a, b]: string[]) => {
      const i = index.get(a)!;
      const j = index.get(b)!;
      let dot = 0;
      for (let x = 0; x < d; x++) dot += centred[i * d + x] * centred[j * d + x];
      return dot / (norm(i) * norm(j));
    };
    const related = [['one', 'two'], ['three', 'four'], ['king', 'queen'], ['he', 'she'], ['war', 'army'], ['france', 'germany'], ['january', 'february'], ['city', 'town'], ['music', 'song'], ['brother', 'son']];
    const unrelated = [['one', 'queen'], ['king', 'four'], ['he', 'music'], ['war', 'january'], ['france', 'song'], ['city', 'brother'], ['two', 'army'], ['she', 'germany'], ['town', 'february'], ['three', 'son']];
    const meanOf = (pairs: string[][]) => pairs.reduce((sum, pair) => sum + similarity(pair), 0) / pairs.length;
    expect(meanOf(related)).toBeGreaterThan(0.8);
    expect(meanOf(related) - meanOf(unrelated)).toBeGreaterThan(0.2);
    expect(similarity(['one', 'two'])).toBeGreaterThan(0.9);
  });
});
