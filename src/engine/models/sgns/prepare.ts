// What both trainers (WebAssembly threads and the plain-TS reference) derive from the corpus and the
// options before the first update: sizes, the subsampling thresholds, the noise table, the thread
// slices and what makes a corpus degenerate.

import { buildNoiseTable, type NoiseTable } from './noise';
import { keepThresholds } from './schedule';
import type { EncodedCorpus, SgnsOptions } from './types';
import { sentenceEnd } from '../../corpus/token-ids';

/** word2vec.c recomputes α after every 10,000 words a thread reads. */
export const chunkWords = 10_000;
/** word2vec.c's MAX_SENTENCE_LENGTH: a sentence ends after this many kept words. */
export const maxSentenceLength = 1000;
/** A thread gets at least this many tokens; smaller corpora use fewer threads. */
export const minimumSliceTokens = 10_000;
export const sentenceEndId = sentenceEnd;

export interface Slice {
  start: number;
  end: number;
}

export interface PreparedRun {
  V: number;
  /** In-vocabulary tokens in the ids (the words one epoch reads). */
  T: number;
  keep: Uint32Array;
  noise: NoiseTable;
  slices: Slice[];
  degenerate: string[];
}

/**
 * Splits [0, n) into `threads` slices of about equal length, moving each cut to just after the nearest
 * sentence end within a quarter slice (up to 50,000 tokens) so that few sentences are cut in two.
 */
export function splitSlices(ids: Int32Array, threads: number): Slice[] {
  const n = ids.length;
  const radius = Math.min(50_000, Math.floor(n / threads / 4));
  const cuts = [0];
  for (let thread = 1; thread < threads; thread++) {
    const nominal = Math.round((thread * n) / threads);
    let cut = nominal;
    for (let distance = 0; distance <= radius; distance++) {
      if (nominal - distance - 1 >= 0 && ids[nominal - distance - 1] === sentenceEndId) {
        cut = nominal - distance;
        break;
      }
      if (nominal + distance < n && ids[nominal + distance] === sentenceEndId) {
        cut = nominal + distance + 1;
        break;
      }
    }
    cuts.push(Math.max(cut, cuts[cuts.length - 1]));
  }
  cuts.push(n);
  const slices: Slice[] = [];
  for (let thread = 0; thread < threads; thread++) slices.push({ start: cuts[thread], end: cuts[thread + 1] });
  return slices;
}

export function prepareRun(corpus: EncodedCorpus, options: SgnsOptions, threads: number): PreparedRun {
  const { ids, counts } = corpus;
  const V = counts.length;
  const seen = new Uint8Array(V);
  let T = 0;
  let distinct = 0;
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position];
    if (id < 0) continue;
    T++;
    if (seen[id] === 0) {
      seen[id] = 1;
      distinct++;
    }
  }
  const degenerate: string[] = [];
  if (distinct === 1) {
    degenerate.push('the corpus repeats a single word: every noise word equals it and is skipped, so nothing tells words apart');
  }
  if (T < options.window) {
    degenerate.push(`the corpus has ${T} in-vocabulary token${T === 1 ? '' : 's'}, fewer than the window (${options.window})`);
  }
  const usedThreads = Math.max(1, Math.min(threads, Math.floor(ids.length / minimumSliceTokens)));
  return {
    V,
    T,
    keep: keepThresholds(counts, options.subsample),
    noise: buildNoiseTable(counts, options.nsExponent),
    slices: splitSlices(ids, usedThreads),
    degenerate,
  };
}

/** The note for a run whose corpus gave no pair at all (its vectors are the initial random ones). */
export function noPairsNote(): string {
  return 'no (word, context) pair was trained: W keeps its random initial values and C stays zero';
}
