import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { FirthError } from '../../../shared/errors';
import { SgnsSettingsSchema } from '../../../shared/hyperparameters/sgns';
import type { EncodedCorpus, SgnsOptions } from './types';

/** Beyond this many threads Hogwild contention outweighs the cores any desktop has. */
export const maxThreads = 256;

/** The settings schema (names, defaults and ranges shared with the forms and the CLI) plus threads. */
const SgnsOptionsSchema = SgnsSettingsSchema.extend({
  threads: z.number().int().min(1).max(maxThreads).default(availableParallelism()).describe('Worker threads'),
}).strict();

/**
 * Skip-gram defaults as the peers are compared: word2vec's -size 100 -window 5 -negative 5
 * -sample 1e-4 -iter 5, gensim's ns_exponent 0.75 and min_alpha 0.0001, seed 1 (the settings schema's
 * defaults), one thread per core.
 */
export const sgnsDefaults: Readonly<SgnsOptions> = Object.freeze(SgnsOptionsSchema.parse({}));

/**
 * word2vec's min-count 5: the corpus layer applies it when it builds the vocabulary (rarer words become
 * out-of-vocabulary ids); trainSgns does not filter again.
 */
export const sgnsVocabularyDefaults = Object.freeze({ minCount: 5 });

function invalid(field: string, message: string): FirthError {
  return new FirthError('invalid-input', message, { field });
}

/**
 * The options with defaults filled in, or a FirthError('invalid-input') naming the first bad field
 * (an unknown name too: a misspelt option would otherwise be ignored). With `vocabularySize`, also
 * rejects a vocabulary smaller than the window.
 */
export function validateSgnsOptions(options: Partial<SgnsOptions> = {}, vocabularySize?: number): SgnsOptions {
  const parsed = SgnsOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? (issue.code === 'unrecognized_keys' ? issue.keys[0] : 'options'));
    const detail = issue.code === 'unrecognized_keys' ? `${field} is not an SGNS option (the options are ${Object.keys(sgnsDefaults).join(', ')})` : `${field}: ${issue.message}`;
    throw invalid(field, `${detail}; got ${String((options as Record<string, unknown>)[field])}`);
  }
  const merged = parsed.data;
  if (merged.minAlpha > merged.alpha) throw invalid('minAlpha', `minAlpha must be from 0 to alpha (${merged.alpha}); got ${merged.minAlpha}`);
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
