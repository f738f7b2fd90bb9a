import type { Progress } from '../../shared/progress';
import type { Embedding } from './embedding';
import type { SkippedRecord } from './import-problems';
import type { TextEncoding } from './text-lines';

/** The file formats Firth reads and writes. */
export const embeddingFormats = ['word2vec-text', 'word2vec-binary', 'glove', 'npy', 'projector', 'csv'] as const;
export type EmbeddingFormat = (typeof embeddingFormats)[number];

export interface ImportOptions {
  /** Skip malformed records and report them, instead of failing on the first. */
  skipInvalid?: boolean;
  /** Text encoding of the words. Some published binaries (GoogleNews) are Latin-1. */
  encoding?: TextEncoding;
  /** Read only the first `limit` words (gensim's `limit=`), for a quick look at a huge file. */
  limit?: number;
  /** Bytes read per step; tests lower it to exercise chunk boundaries. */
  chunkBytes?: number;
  /** Cancels the import with a 'cancelled' error. */
  signal?: AbortSignal;
  /** Bytes read so far (phase 'read'), for a progress bar over a large file. */
  onProgress?: (progress: Progress) => void;
}

export interface ImportResult {
  embedding: Embedding;
  format: EmbeddingFormat | 'run';
  /** Every file that was read. */
  files: string[];
  /** The first 1,000 skipped records, with reasons (skipInvalid only). */
  skipped: SkippedRecord[];
  skippedCount: number;
}
