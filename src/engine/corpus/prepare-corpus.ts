// From a corpus file to what every model needs: the vocabulary, the corpus as ids, and the numbers a
// person wants to see about it (tokens, types, how many tokens the vocabulary keeps).

import { FirthError } from '../../shared/errors';
import { encodeCorpus } from './encode-corpus';
import { throwIfCancelled } from '../long-work';
import { scanCorpus, type ScanOptions } from './scan-corpus';
import { resolveTokenizerOptions, type TokenizerOptions } from './tokenizer-options';
import { buildVocabulary, keptTokens, resolveVocabularyOptions, type Vocabulary, type VocabularyOptions } from './vocabulary';

/** Everything that decides what a corpus becomes (and so keys its cache entry). */
export type CorpusOptions = TokenizerOptions & VocabularyOptions;

export interface CorpusStatistics {
  file: string;
  /** SHA-256 of the file as stored, lowercase hex. */
  sha256: string;
  sizeBytes: number;
  tokens: number;
  /** Distinct tokens before min-count. */
  types: number;
  /** Tokens whose word is in the vocabulary. */
  keptTokens: number;
  vocabularySize: number;
  sentences: number;
  /** Tokens longer than the tokenizer's cap, skipped (absent when none were). */
  longTokensSkipped?: number;
}

export interface PreparedCorpus {
  vocabulary: Vocabulary;
  /** Vocabulary ids, −1 for a word outside the vocabulary, −2 at a sentence end (encode-corpus.ts). */
  ids: Int32Array;
  statistics: CorpusStatistics;
  options: CorpusOptions;
}

/** Fills in defaults and checks every option, naming the one that is wrong, before any work. */
export function resolveCorpusOptions(options: Partial<CorpusOptions> = {}): CorpusOptions {
  return { ...resolveTokenizerOptions(options), ...resolveVocabularyOptions(options) };
}

export async function prepareCorpus(file: string, options: Partial<CorpusOptions> = {}, work: ScanOptions = {}): Promise<PreparedCorpus> {
  const resolved = resolveCorpusOptions(options);
  const scan = await scanCorpus(file, resolved, work);
  const vocabulary = buildVocabulary(scan.types, scan.typeCounts, resolved);
  if (vocabulary.words.length === 0) {
    let mostFrequent = 0;
    for (let type = 1; type < scan.types.length; type++) if (scan.typeCounts[type] > scan.typeCounts[mostFrequent]) mostFrequent = type;
    throw new FirthError(
      'invalid-input',
      `No word in ${file} occurs at least ${resolved.minCount} times (minCount); the most frequent, ` +
        `"${scan.types[mostFrequent]}", occurs ${scan.typeCounts[mostFrequent]} times`,
      { file, field: 'minCount' },
    );
  }
  throwIfCancelled(work.signal);
  const ids = encodeCorpus(scan, vocabulary);
  return {
    vocabulary,
    ids,
    options: resolved,
    statistics: {
      file,
      sha256: scan.sha256,
      sizeBytes: scan.sizeBytes,
      tokens: scan.tokens,
      types: scan.types.length,
      keptTokens: keptTokens(vocabulary),
      vocabularySize: vocabulary.words.length,
      sentences: scan.sentences,
      ...(scan.longTokensSkipped > 0 ? { longTokensSkipped: scan.longTokensSkipped } : {}),
    },
  };
}
