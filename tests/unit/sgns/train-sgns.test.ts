import { describe, expect, it } from 'vitest';
import { referenceSgns, trainSgns, type SgnsOptions, type SgnsProgress } from '../../../src/engine/models/sgns';
import { cosine, differingIndices, text8Slice, twoTopicCorpus, zipfCorpus } from './fixtures';

describe('trainSgns on one thread', () => {
  const corpus = zipfCorpus(30_000, 300);
  // No sentence ends: sentences are cut at word2vec's 1,000 kept words.
  const oneLine = zipfCorpus(30_000, 300, 8, 0);
  const cases: Array<[string, Partial<SgnsOptions>, typeof corpus]> = [
    ['d 16, dynamic window, subsampling', { dimensions: 16, epochs: 2, subsample: 1e-3 }, corpus],
    ['d 18 (not a multiple of 4), fixed window 3, no subsampling, k 3, exponent 0.5', { dimensions: 18, window: 3, fixedWindow: true, subsample: 0, negative: 3, nsExponent: 0.5, epochs: 2 }, corpus],
    ['d 5, window 2, k 1, α 0.05 → 0, one line', { dimensions: 5, window: 2, negative: 1, alpha: 0.05, minAlpha: 0, epochs: 1, seed: 99 }, oneLine],
  ];
  it.each(cases)('gives the bits of the TypeScript reference: %s', async (_, options, corpus) => {
    const expected = referenceSgns(corpus, { ...options, threads: 1 });
    const result = await trainSgns(corpus, { ...options, update: 'word2vec', threads: 1 });
    const d = options.dimensions!;
    expect(result.W.length).toBe(300 * d);
    expect(result.C.length).toBe(300 * d);
    expect(differingIndices(result.W, expected.W)).toEqual([]);
    expect(differingIndices(result.C, expected.C)).toEqual([]);
    expect(result.lossCurve).toEqual(expected.lossCurve);
    expect(result.pairs).toBe(expected.pairs);
    expect(result.negativesSkipped).toBe(expected.negativesSkipped);
    expect(result.pairs).toBeGreaterThan(10_000);
    expect(result).toMatchObject({ threads: 1, reproducible: true, dimensions: d, vocabularySize: 300 });
    expect(result.degenerate).toBeUndefined();
  });

  it('repeats itself bit for bit with the same seed, and not with another', async () => {
    const options = { dimensions: 20, epochs: 1, threads: 1, seed: 42 };
    const [first, second, other] = [await trainSgns(corpus, options), await trainSgns(corpus, options), await trainSgns(corpus, { ...options, seed: 43 })];
    expect(differingIndices(first.W, second.W)).toEqual([]);
    expect(differingIndices(first.C, second.C)).toEqual([]);
    expect(first.lossCurve).toEqual(second.lossCurve);
    expect(differingIndices(first.W, other.W)).not.toEqual([]);
  });
});

describe('trainSgns on two threads', () => {
  it('says it is not reproducible, and learns as well as one thread', async () => {
    const corpus = zipfCorpus(60_000, 400, 11);
    const options = { dimensions: 16, epochs: 2 };
    const [one, two] = [await trainSgns(corpus, { ...options, threads: 1 }), await trainSgns(corpus, { ...options, threads: 2 })];
    expect(two).toMatchObject({ threads: 2, reproducible: false });
    expect(two.W.every(Number.isFinite) && two.C.every(Number.isFinite)).toBe(true);
    expect(Math.abs(two.pairs - one.pairs) / one.pairs).toBeLessThan(0.01);
    expect(Math.abs(two.lossCurve[1].loss! - one.lossCurve[1].loss!) / one.lossCurve[1].loss!).toBeLessThan(0.02);
  });
});

describe('what SGNS learns', () => {
  it('lowers the loss from epoch to epoch on real text', async () => {
    const { corpus } = text8Slice(100_000);
    const result = await trainSgns(corpus, { dimensions: 32, epochs: 3, threads: 1 });
    const losses = result.lossCurve.map((point) => point.loss!);
    expect(result.lossCurve.map((point) => point.epoch)).toEqual([1, 2, 3]);
    expect(losses[1]).toBeLessThan(losses[0]);
    expect(losses[2]).toBeLessThan(losses[1]);
    // Before training every pair costs −log σ(0)·(k + 1) = 6 ln 2 ≈ 4.16.
    expect(losses[0]).toBeLessThan(6 * Math.LN2);
  });

  it('places words of the same topic closer than words of different topics', async () => {
    const perCluster = 30;
    const corpus = twoTopicCorpus(4000, perCluster);
    const d = 20;
    const result = await trainSgns(corpus, { dimensions: d, window: 3, epochs: 3, threads: 1, subsample: 0 });
    let within = 0;
    let across = 0;
    let withinCount = 0;
    let acrossCount = 0;
    for (let i = 0; i < 2 * perCluster; i++) {
      for (let j = i + 1; j < 2 * perCluster; j++) {
        const similarity = cosine(result.W, d, i, j);
        if (i < perCluster === j < perCluster) {
          within += similarity;
          withinCount++;
        } else {
          across += similarity;
          acrossCount++;
        }
      }
    }
    // Measured: within 0.998, across 0.116.
    expect(within / withinCount).toBeGreaterThan(0.8);
    expect(within / withinCount - across / acrossCount).toBeGreaterThan(0.5);
  });

  it('skips negatives equal to the target: with uniform noise over 3 words, a third of them', async () => {
    const ids = Int32Array.from({ length: 20_000 }, (_, i) => (i * 7 + (i >> 3)) % 3);
    const corpus = { ids, counts: Float64Array.of(1, 1, 1) };
    const k = 5;
    const result = await trainSgns(corpus, { dimensions: 8, window: 2, negative: k, nsExponent: 0, subsample: 0, epochs: 1, threads: 1, update: 'word2vec' });
    expect(result.negativesSkipped / (result.pairs * k)).toBeCloseTo(1 / 3, 2);
    const reference = referenceSgns(corpus, { dimensions: 8, window: 2, negative: k, nsExponent: 0, subsample: 0, epochs: 1 });
    expect(result.negativesSkipped).toBe(reference.negativesSkipped);
  });

  it('reaches a similarity floor on 300 k tokens of text8 (2 epochs, 2 threads)', async () => {
    const { corpus, index } = text8Slice(300_000);
    const result = await trainSgns(corpus, { epochs: 2, threads: 2 });
    const d = result.dimensions;
    const V = result.vocabularySize;
    // After 2 epochs on 300 k tokens every vector still shares one large common direction (raw cosines
    // are all above 0.7), so compare mean-centred vectors.
    const mean = new Float64Array(d);
    for (let word = 0; word < V; word++) for (let i = 0; i < d; i++) mean[i] += result.W[word * d + i] / V;
    const centred = result.W.map((value, at) => value - mean[at % d]);
    const similarity = ([a, b]: string[]) => cosine(centred, d, index.get(a)!, index.get(b)!);
    const related = [['one', 'two'], ['three', 'four'], ['king', 'queen'], ['he', 'she'], ['war', 'army'], ['france', 'germany'], ['january', 'february'], ['city', 'town'], ['music', 'song'], ['brother', 'son']];
    const unrelated = [['one', 'queen'], ['king', 'four'], ['he', 'music'], ['war', 'january'], ['france', 'song'], ['city', 'brother'], ['two', 'army'], ['she', 'germany'], ['town', 'february'], ['three', 'son']];
    const meanOf = (pairs: string[][]) => pairs.reduce((sum, pair) => sum + similarity(pair), 0) / pairs.length;
    // Measured over 4 seeds: related 0.90–0.92, unrelated 0.47–0.56.
    expect(meanOf(related)).toBeGreaterThan(0.8);
    expect(meanOf(related) - meanOf(unrelated)).toBeGreaterThan(0.2);
    expect(similarity(['one', 'two'])).toBeGreaterThan(0.9);
  });
});

describe('progress and cancel', () => {
  it('reports progress during and at the end of each epoch with the loss since the previous report', async () => {
    const corpus = zipfCorpus(1_500_000, 3000, 5);
    const events: SgnsProgress[] = [];
    const result = await trainSgns(corpus, { dimensions: 64, epochs: 2, threads: 2 }, { onProgress: (progress) => events.push(progress) });
    // One report at each epoch's end and one per 0.5 s of training (seconds here), so more than the
    // two epoch ends. How regular the reports are is timing, not asserted.
    expect(events.length).toBeGreaterThanOrEqual(3);
    const last = events[events.length - 1];
    expect(last).toMatchObject({ phase: 'train', epoch: 2, epochs: 2, wordsProcessed: last.wordsTotal });
    expect(last.learningRate).toBeCloseTo(0.0001, 10);
    for (let i = 1; i < events.length; i++) {
      expect(events[i].wordsProcessed).toBeGreaterThanOrEqual(events[i - 1].wordsProcessed);
      expect(events[i].learningRate).toBeLessThanOrEqual(events[i - 1].learningRate);
      expect(events[i].epoch).toBeGreaterThanOrEqual(events[i - 1].epoch);
    }
    for (const event of events) {
      if (event.loss !== null) expect(event.loss).toBeGreaterThan(0);
      expect(event.wordsPerSecond).toBeGreaterThan(0);
      expect(event.etaMs).toBeGreaterThanOrEqual(0);
    }
    expect(events.filter((event) => event.loss !== null).length).toBeGreaterThanOrEqual(events.length - 1);
    expect(result.lossCurve.every((point) => point.loss! > 0)).toBe(true);
  });

  it('stops after an abort and throws cancelled', async () => {
    const corpus = zipfCorpus(2_000_000, 5000, 6);
    const controller = new AbortController();
    const events: SgnsProgress[] = [];
    const run = trainSgns(corpus, { epochs: 5, threads: 2 }, {
      signal: controller.signal,
      onProgress: (progress) => {
        events.push(progress);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'FirthError', code: 'cancelled' });
    // Aborted at the first report: it threw instead of finishing the 5 epochs, and reported no end.
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.wordsProcessed < event.wordsTotal)).toBe(true);
  });
});

describe('degenerate corpora', () => {
  it('trains on one repeated word without NaN and says so', async () => {
    const corpus = { ids: new Int32Array(500).fill(0), counts: Float64Array.of(500) };
    const result = await trainSgns(corpus, { window: 1, dimensions: 10, epochs: 3, update: 'word2vec' });
    expect(result.W.every(Number.isFinite) && result.C.every(Number.isFinite)).toBe(true);
    expect(result.degenerate).toMatch(/single word/);
    expect(result.negativesSkipped).toBe(result.pairs * 5); // word2vec draws k negatives per pair
    expect(result.lossCurve.every((point) => Number.isFinite(point.loss))).toBe(true);
    expect(result.threads).toBe(1);
  });

  it('trains on fewer tokens than the window, or none, without NaN and says so', async () => {
    const counts = new Float64Array(10).fill(1);
    const few = await trainSgns({ ids: Int32Array.of(0, 1, -2, 2), counts }, { window: 5, dimensions: 12, subsample: 0 });
    expect(few.W.every(Number.isFinite) && few.C.every(Number.isFinite)).toBe(true);
    expect(few.degenerate).toMatch(/3 in-vocabulary tokens, fewer than the window \(5\)/);
    expect(few.pairs).toBe(2 * 5); // the sentence "0 1" gives 2 pairs in each of 5 epochs

    const none = await trainSgns({ ids: Int32Array.of(-1, -2, -1), counts }, { window: 5, dimensions: 12, epochs: 2 });
    expect(none.W.every(Number.isFinite)).toBe(true);
    expect(none.W.some((value) => value !== 0)).toBe(true);
    expect(none.C.every((value) => value === 0)).toBe(true);
    expect(none.lossCurve).toEqual([{ epoch: 1, loss: null }, { epoch: 2, loss: null }]);
    expect(none.degenerate).toMatch(/no \(word, context\) pair was trained/);
  });
});
