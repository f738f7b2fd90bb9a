import type { BackendChoice, BackendInfo } from '../../shared/compute';
import type { Progress } from '../../shared/progress';
import { npyChunks } from '../formats/npy';
import type { RunFile } from '../runs/write-run-folder';

/** The corpus a trainer reads: vocabulary ids (−1 out of vocabulary, −2 sentence end) and each word's count. */
export interface TrainingCorpus {
  ids: Int32Array;
  /** counts[w] is word w's count; V = counts.length. */
  counts: Float64Array;
  /** The vocabulary's words (a warm start checks them against another run's). */
  words?: readonly string[];
}

/** Where and how a trainer runs: the backend asked for, threads, cancel and progress. */
export interface TrainingContext {
  backend: BackendChoice;
  /** Worker threads; one per core when absent. */
  threads?: number;
  /** The most memory the counting tables may use before they spill to disk; half the free memory when absent. */
  memoryBudgetBytes?: number;
  /** Lets a software WebGPU adapter (SwiftShader) count as gpu: tests only. */
  allowSoftwareAdapter?: boolean;
  /**
   * The caller reads the corpus ids no more: a trainer that keeps its own copy may free the caller's
   * (empty its buffer) so that the process does not hold the corpus twice while it trains.
   */
  releaseCorpusIds?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** What a trainer hands back for the run folder and its run.json. */
export interface TrainedModel {
  dimensions: number;
  /**
   * A model that trains on the first n words of the vocabulary only (MF-SGNS's cap) says so: vocab.tsv
   * and run.json then list those n words, the rows of its matrices.
   */
  vocabularySize?: number;
  /** The model's files (W.npy, C.npy, …); vocab.tsv and run.json are written by the caller. */
  files: RunFile[];
  backend: Pick<BackendInfo, 'name' | 'adapter'>;
  /** Per-stage times in milliseconds (count, svd, train…). */
  timingsMs: Record<string, number>;
  /** Model-specific figures for run.json (non-zeros, words/s, final loss…). */
  results: Record<string, unknown>;
}

/** One model's training: settings (already checked against the model's schema) and corpus in, vectors out. */
export type ModelTrainer<Settings> = (corpus: TrainingCorpus, settings: Settings, context: TrainingContext) => Promise<TrainedModel>;

/** W.npy and C.npy, the word and context vectors (V×d, float32) every model writes. */
export function vectorFiles(W: Float32Array, C: Float32Array, vocabularySize: number, dimensions: number): RunFile[] {
  return [
    { name: 'W.npy', content: npyChunks(W, vocabularySize, dimensions) },
    { name: 'C.npy', content: npyChunks(C, vocabularySize, dimensions) },
  ];
}
