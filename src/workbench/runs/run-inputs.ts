import { join } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import type { CorpusSettings } from '../../shared/hyperparameters/corpus';
import type { ModelId } from '../../shared/models';
import type { Progress } from '../../shared/progress';

/** What a training run takes: the model and its settings, the corpus, the folder to write, where to compute. */
export interface RunRequest {
  model: ModelId;
  /** The model's settings (any subset; its schema fills in the defaults and checks every value). */
  settings?: Record<string, unknown>;
  corpusFile: string;
  out: string;
  force?: boolean;
  corpus?: Partial<CorpusSettings>;
  backend: BackendChoice;
  /** Worker threads; one per core when absent. */
  threads?: number;
  /** Bytes co-occurrence counting may use before it spills to disk; half the free memory when absent. */
  memoryBudgetBytes?: number;
  /** Lets a software WebGPU adapter (SwiftShader) count as gpu: tests only (FIRTH_ALLOW_SOFTWARE_GPU=1). */
  allowSoftwareAdapter?: boolean;
  /** Where prepared corpora are cached (data folder/cache/corpora). */
  cacheFolder: string;
  /** The data folder's trash: where `force` moves the run folder it replaces. */
  trashFolder?: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export const corpusCacheFolder = (dataFolder: string) => join(dataFolder, 'cache', 'corpora');
