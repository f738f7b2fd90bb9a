// Messages between prepare-corpus-in-worker.ts and prepare-corpus.worker.ts.

import type { SerializedError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import type { CorpusOptions, CorpusStatistics } from './prepare-corpus';

export interface PrepareCorpusRequest {
  file: string;
  options: CorpusOptions;
}

export type PrepareCorpusReply =
  | { type: 'progress'; progress: Progress }
  | {
      type: 'result';
      result: { words: string[]; counts: Float64Array; ids: Int32Array; statistics: CorpusStatistics; options: CorpusOptions };
    }
  | { type: 'error'; error: SerializedError };
