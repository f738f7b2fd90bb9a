// The host side of minibatch SGNS (the gpu.js trainer): walks the corpus exactly as the reference does
// (sentences, subsampling, dynamic window, k noise draws per pair from the alias table, in the same
// order of random draws, thread 0's stream) but, instead of updating the vectors pair by pair, emits
// (input word, target word, label) triples in batches of about `batchPairs` positive pairs. word2vec's
// orientation: the context word's input vector (W) predicts the centre word (C). With update
// 'batched' the k noise words are drawn once per window and shared by its pairs, in the order of
// draws of reference-batched-sgns.ts (HogBatch, as BlazingText batches on GPUs).
//
// A batch ends after the centre position that brings it to `batchPairs` pairs, so it can hold up to
// batchPairs − 1 + 2·window pairs, each with at most 1 + k triples: `capacity` is that bound.

import type { RandomSource } from '../../random/xoshiro128';
import { drawNoise, scaleUint32, type NoiseTable } from './noise';
import { maxSentenceLength, sentenceEndId } from './prepare';
import type { SgnsOptions } from './types';
import type { SgnsBatch } from '../../compute/gpujs/sgns';

/** The most positive pairs a batch can hold for `batchPairs` and the window. */
export function batchPairCapacity(batchPairs: number, window: number): number {
  return batchPairs - 1 + 2 * window;
}

/** The most triples a batch can hold. */
export function batchTripleCapacity(batchPairs: number, window: number, negativeSamples: number): number {
  return batchPairCapacity(batchPairs, window) * (1 + negativeSamples);
}

export class SgnsBatchWalker {
  readonly capacity: number;
  /** In-vocabulary tokens read this epoch (subsampled ones included). */
  wordsThisEpoch = 0;
  /** Over the whole run. */
  negativesSkipped = 0;
  private readonly ids: Int32Array;
  private readonly settings: SgnsOptions;
  private readonly keep: Uint32Array;
  private readonly noise: NoiseTable;
  private readonly random: RandomSource;
  private readonly batchPairs: number;
  private readonly sentence = new Int32Array(maxSentenceLength);
  /** The current window's noise words (update 'batched'). */
  private readonly sharedNegatives: Int32Array;
  private readonly batch: SgnsBatch;
  private position = 0;
  private length = 0;
  /** The next centre position in the current sentence. */
  private centre = 0;

  constructor(ids: Int32Array, settings: SgnsOptions, keep: Uint32Array, noise: NoiseTable, random: RandomSource, batchPairs: number) {
    this.ids = ids;
    this.settings = settings;
    this.keep = keep;
    this.noise = noise;
    this.random = random;
    this.batchPairs = batchPairs;
    this.capacity = batchTripleCapacity(batchPairs, settings.window, settings.negative);
    this.sharedNegatives = new Int32Array(settings.negative);
    this.batch = {
      triples: 0,
      pairs: 0,
      inputs: new Int32Array(this.capacity),
      targets: new Int32Array(this.capacity),
      labels: new Uint8Array(this.capacity),
    };
  }

  startEpoch(): void {
    this.position = 0;
    this.length = 0;
    this.centre = 0;
    this.wordsThisEpoch = 0;
  }

  /** Reads the next sentence as the reference does (subsampling draws included). */
  private readSentence(): void {
    const { ids, keep, random, sentence } = this;
    const end = ids.length;
    const subsample = this.settings.subsample > 0;
    let length = 0;
    while (this.position < end) {
      const id = ids[this.position++];
      if (id === sentenceEndId) break;
      if (id < 0) continue;
      this.wordsThisEpoch++;
      if (subsample && random.nextUint32() > keep[id]) continue;
      sentence[length++] = id;
      if (length >= maxSentenceLength) break;
    }
    this.length = length;
    this.centre = 0;
  }

  /**
   * The next batch of this epoch (the same object every call, overwritten), or null when the epoch is
   * done. The batch is empty only at the end of an epoch that has no pair left.
   */
  next(): SgnsBatch | null {
    const { settings, random, sentence, batch } = this;
    const k = settings.negative;
    batch.triples = 0;
    batch.pairs = 0;
    while (batch.pairs < this.batchPairs) {
      if (this.centre >= this.length) {
        if (this.position >= this.ids.length) break;
        this.readSentence();
        continue;
      }
      const p = this.centre++;
      const length = this.length;
      const centre = sentence[p];
      const span = !settings.fixedWindow ? settings.window - scaleUint32(random.nextUint32(), settings.window) : settings.window;
      const lo = Math.max(p - span, 0);
      const hi = Math.min(p + span, length - 1);
      const shared = settings.update === 'batched';
      let sharedCount = 0;
      // As the batched reference: the window's draws only when it has a context (lo ≤ p ≤ hi).
      if (shared && hi > lo) {
        for (let i = 0; i < k; i++) {
          const negative = drawNoise(random, this.noise);
          if (negative === centre) this.negativesSkipped++;
          else this.sharedNegatives[sharedCount++] = negative;
        }
      }
      for (let c = lo; c <= hi; c++) {
        if (c === p) continue;
        const input = sentence[c];
        let t = batch.triples;
        batch.inputs[t] = input;
        batch.targets[t] = centre;
        batch.labels[t] = 1;
        t++;
        for (let i = 0; i < (shared ? sharedCount : k); i++) {
          const negative = shared ? this.sharedNegatives[i] : drawNoise(random, this.noise);
          if (negative === centre) {
            this.negativesSkipped++;
            continue;
          }
          batch.inputs[t] = input;
          batch.targets[t] = negative;
          batch.labels[t] = 0;
          t++;
        }
        batch.triples = t;
        batch.pairs++;
      }
    }
    if (batch.pairs === 0 && this.position >= this.ids.length && this.centre >= this.length) return null;
    return batch;
  }
}
