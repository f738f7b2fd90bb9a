import { availableParallelism } from 'node:os';
import { FirthError } from '../../../shared/errors';
import type { EncodedCorpus, SgnsOptions } from './types';

export const maxDimensions = 2000;
/** Beyond this many threads Hogwild contention outweighs the cores any desktop has. */
export const maxThreads = 256;

/**
 * Skip-gram defaults as the peers are compared (docs peers.md): word2vec's -size 100 -window 5
 * -negative 5 -sample 1e-4 -iter 5, gensim's ns_exponent 0.75 and min_alpha 0.0001, seed 1.
 */
export const sgnsDefaults: Readonly<SgnsOptions> = Object.freeze({
  dimensions: 100,
  window: 5,
  dynamicWindow: true,
  negativeSamples: 5,
  noiseExponent: 0.75,
  subsample: 1e-4,
  epochs: 5,
  learningRate: 0.025,
  minLearningRate: 0.0001,
  threads: availableParallelism(),
  seed: 1,
});

/**
 * word2vec's min-count 5: the corpus layer applies it when it builds the vocabulary (rarer words become
 * out-of-vocabulary ids); trainSgns does not filter again.
 */
export const sgnsVocabularyDefaults = Object.freeze({ minCount: 5 });

function invalid(field: string, message: string): FirthError {
  return new FirthError('invalid-input', message, { field });
}

function checkInteger(options: SgnsOptions, field: keyof SgnsOptions, min: number, max: number, hint: string): void {
  const value = options[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max} (${hint}); got ${String(value)}`);
  }
}

function checkNumber(options: SgnsOptions, field: keyof SgnsOptions): number {
  const value = options[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, `${field} must be a finite number; got ${String(value)}`);
  return value;
}

/**
 * The options with defaults filled in, or a FirthError('invalid-input') naming the first bad field.
 * With `vocabularySize`, also rejects a vocabulary smaller than the window.
 */
export function validateSgnsOptions(options: Partial<SgnsOptions> = {}, vocabularySize?: number): SgnsOptions {
  const merged: SgnsOptions = { ...sgnsDefaults };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in sgnsDefaults)) throw invalid(key, `${key} is not an SGNS option (the options are ${Object.keys(sgnsDefaults).join(', ')})`);
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  checkInteger(merged, 'dimensions', 1, maxDimensions, 'the length of each vector');
  checkInteger(merged, 'window', 1, 1000, 'the largest distance between a word and its context');
  if (typeof merged.dynamicWindow !== 'boolean') throw invalid('dynamicWindow', 'dynamicWindow must be true or false');
  checkInteger(merged, 'negativeSamples', 1, 1000, 'k, the noise words per pair');
  checkNumber(merged, 'noiseExponent');
  if (checkNumber(merged, 'subsample') < 0) throw invalid('subsample', `subsample must be 0 (off) or positive; got ${merged.subsample}`);
  checkInteger(merged, 'epochs', 1, 10000, 'passes over the corpus');
  if (checkNumber(merged, 'learningRate') <= 0) {
    throw invalid('learningRate', `learningRate must be positive; got ${merged.learningRate}`);
  }
  const minimum = checkNumber(merged, 'minLearningRate');
  if (minimum < 0 || minimum > merged.learningRate) {
    throw invalid('minLearningRate', `minLearningRate must be from 0 to learningRate (${merged.learningRate}); got ${minimum}`);
  }
  checkInteger(merged, 'threads', 1, maxThreads, 'worker threads');
  checkInteger(merged, 'seed', 0, 2 ** 32 - 1, 'any whole number; the same seed repeats a one-thread run');
  if (vocabularySize !== undefined && vocabularySize < merged.window) {
    throw invalid(
      'window',
      `the vocabulary has ${vocabularySize} word${vocabularySize === 1 ? '' : 's'}, fewer than the window (${merged.window}): lower the window or train on a larger corpus`,
    );
  }
  return merged;
}

/** Checks that every id is a word (0..V−1), −1 (out of vocabulary) or −2 (sentence end), and the counts. */
export function validateEncodedCorpus(corpus: EncodedCorpus): void {
  if (!(corpus?.ids instanceof Int32Array)) throw invalid('corpus', 'the corpus ids must be an Int32Array');
  if (!(corpus.counts instanceof Float64Array)) throw invalid('corpus', 'the corpus counts must be a Float64Array');
  const V = corpus.counts.length;
  if (V > 2 ** 31 - 1) throw invalid('corpus', `the vocabulary has ${V} words; at most 2^31 − 1 are supported`);
  for (let word = 0; word < V; word++) {
    const count = corpus.counts[word];
    if (!(count >= 0) || !Number.isFinite(count)) throw invalid('corpus', `word ${word} has count ${count}: counts must be finite and ≥ 0`);
  }
  const ids = corpus.ids;
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position];
    if (id >= V || id < -2) {
      throw invalid('corpus', `token ${position} has id ${id}, outside the vocabulary of ${V} words (−1 and −2 are the only negative ids)`);
    }
  }
}
