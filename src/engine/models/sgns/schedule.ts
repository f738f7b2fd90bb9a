import type { SgnsOptions, SgnsProgress } from './types';
// The learning-rate schedule and word2vec's subsampling, as sgns.wat computes them.

/**
 * α after `processed` of `total` words (all epochs): α₀ − (α₀ − α_min)·processed/total, floored at
 * α_min. gensim's linear schedule; word2vec.c's α₀·(1 − processed/(total + 1)) floored at α₀·1e-4 is
 * nearly the same line. Evaluated in this exact operation order by the WebAssembly loop.
 */
export function learningRateAt(processed: number, total: number, alpha0: number, alphaMin: number): number {
  const alpha = alpha0 - (alpha0 - alphaMin) * (processed / total);
  return alpha < alphaMin ? alphaMin : alpha;
}

/**
 * word2vec.c's keep probability for a word of count `count` out of `totalCount`: with f = count/T,
 * √(t/f) + t/f, at most 1 (words rarer than about 2.618·t are always kept). t = 0 keeps everything.
 */
export function keepProbability(count: number, totalCount: number, t: number): number {
  if (!(t > 0) || !(count > 0)) return 1;
  const ratio = (t * totalCount) / count; // t/f
  const keep = Math.sqrt(ratio) + ratio;
  return keep < 1 ? keep : 1;
}

/** 2³² − 1: a keep threshold every 32-bit draw passes. */
export const alwaysKeep = 0xffffffff;

/**
 * Per word, the 32-bit threshold a uniform draw must not exceed for the word to be kept:
 * ⌊keep·2³²⌋, or 2³² − 1 when keep = 1.
 */
export function keepThresholds(counts: Float64Array, t: number): Uint32Array {
  let totalCount = 0;
  for (let word = 0; word < counts.length; word++) totalCount += counts[word];
  const thresholds = new Uint32Array(counts.length);
  for (let word = 0; word < counts.length; word++) {
    const keep = keepProbability(counts[word], totalCount, t);
    thresholds[word] = keep >= 1 ? alwaysKeep : Math.floor(keep * 2 ** 32);
  }
  return thresholds;
}

/** A progress report from words processed so far: rate, learning rate and ETA as both trainers give them. */
export function sgnsProgress(
  settings: Pick<SgnsOptions, 'epochs' | 'alpha' | 'minAlpha'>,
  epoch: number,
  wordsProcessed: number,
  wordsTotal: number,
  elapsedMs: number,
  loss: number | null,
): SgnsProgress {
  const wordsPerSecond = elapsedMs > 0 ? (wordsProcessed / elapsedMs) * 1000 : 0;
  return {
    phase: 'train',
    epoch: epoch + 1,
    epochs: settings.epochs,
    wordsProcessed,
    wordsTotal,
    wordsPerSecond,
    learningRate: learningRateAt(wordsProcessed, wordsTotal, settings.alpha, settings.minAlpha),
    etaMs: wordsPerSecond > 0 ? ((wordsTotal - wordsProcessed) / wordsPerSecond) * 1000 : undefined,
    loss,
  };
}
