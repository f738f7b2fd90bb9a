// The shapes SGNS training takes and returns. Symbols as in word2vec: V words, d dimensions, W the
// word (input) vectors, C the context (output, word2vec's syn1neg) vectors, both V×d row-major.

import type { SgnsSettings } from '../../../shared/hyperparameters/sgns';

/**
 * The corpus as vocabulary ids (the vocabulary sorted by count, descending): `ids[i]` ≥ 0 is a word,
 * −1 an out-of-vocabulary token kept in place, −2 the end of a sentence (a line). `counts[w]` is word
 * w's count in the corpus; V = counts.length. (Defined here until the corpus layer's type is shared.)
 */
export interface EncodedCorpus {
  ids: Int32Array;
  counts: Float64Array;
}

/**
 * The settings of a run (the model's settings schema, shared with the forms, the CLI and run.json:
 * one set of names and defaults) plus the worker threads of this machine.
 */
export type SgnsOptions = SgnsSettings & {
  /** Worker threads (Hogwild: they update the shared vectors without locks). */
  threads: number;
};

export interface SgnsProgress {
  phase: 'train';
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** In-vocabulary tokens read so far over all epochs (subsampled ones included, as word2vec counts). */
  wordsProcessed: number;
  wordsTotal: number;
  wordsPerSecond: number;
  learningRate: number;
  /** Estimated time left; undefined until a rate is known. */
  etaMs: number | undefined;
  /**
   * The mean SGNS loss per (word, context) pair, −log σ(w·c) − Σ log σ(−w·n) over its negatives, over
   * the pairs trained since the previous report of the same epoch (summed in float64). Null when no
   * pair was trained since then.
   */
  loss: number | null;
}

export interface SgnsControl {
  signal?: AbortSignal;
  onProgress?: (progress: SgnsProgress) => void;
  /**
   * The cpu trainer may free `corpus.ids` (its buffer is emptied) once they are in the threads'
   * shared memory: for a caller that reads them no more, so the process holds the corpus once.
   */
  releaseIds?: boolean;
}

export interface SgnsResult {
  /** V×d word vectors. */
  W: Float32Array;
  /** V×d context vectors (W + C gives word2vec's "w+c"). */
  C: Float32Array;
  vocabularySize: number;
  dimensions: number;
  /** The mean loss per pair over each whole epoch; null for an epoch with no pair. */
  lossCurve: Array<{ epoch: number; loss: number | null }>;
  /** Words processed per second of training (setup and thread start excluded). */
  wordsPerSecond: number;
  elapsedMs: number;
  /** The threads that ran (fewer than asked for when the corpus is too small to split). */
  threads: number;
  /** True when two runs with this seed give the same bits: one thread only (Hogwild races otherwise). */
  reproducible: boolean;
  /** (word, context) pairs trained over all epochs. */
  pairs: number;
  /** Negative samples dropped because they equalled the positive target (word2vec skips them). */
  negativesSkipped: number;
  /** Why the vectors carry little or no information, when the corpus could not teach them anything. */
  degenerate?: string;
  /** The gpu path: the device memory a training step holds at most (counted from its buffers). */
  deviceMemoryBytes?: number;
  /** Where the cpu path's memory goes (absent on the gpu.js paths and when nothing was trained). */
  memory?: SgnsMemory;
}

/** Bytes, of the shared WebAssembly memory's parts and of the process (resident set) around them. */
export interface SgnsMemory {
  /** The whole shared memory: the sum of the parts below, 16-byte aligned. */
  wasmMemoryBytes: number;
  /** W and C, V × stride floats each. */
  vectorsBytes: number;
  /** The corpus ids as the threads read them (the caller holds its own copy). */
  corpusIdsBytes: number;
  /** The noise alias table and the subsampling thresholds, 12 bytes a word. */
  noiseAndSubsamplingBytes: number;
  /** The batched update's sigmoid and loss tables. */
  sigmoidTablesBytes: number;
  /** Every thread's scratch (a window's rows and gradients, the sentence buffer) and control blocks. */
  threadBuffersBytes: number;
  /** The process's resident set before the worker threads started, after, and after the memory was written. */
  rssBeforeThreadsBytes: number;
  rssThreadsStartedBytes: number;
  rssTrainingBytes: number;
}
