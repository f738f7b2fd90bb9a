import type { BackendChoice } from '../../shared/compute';
import type { MethodOutput, MethodParams } from '../../shared/contract';
import type { CorpusSettings } from '../../shared/hyperparameters/corpus';
import type { ProjectCorpus } from '../../shared/project';
import type { CorpusOverview, ScoreReport } from '../../shared/runs';
import { loadOrBuildCorpus } from '../../engine/corpus/corpus-cache';
import { corpusOverview } from '../corpus/corpus-overview';
import { evaluateRunFolder } from '../evaluation/evaluate-run';
import { exportRunFolder } from '../runs/export-run';
import type { TaskContext } from './task-server';

// What the long-call worker does, one function per call; each takes the call's AbortSignal and
// progress listener (TaskContext). Kept apart from the worker's entry so the types are importable.

export interface LongCallInputs {
  /** Reads, tokenizes and counts a corpus into the corpus cache; answers its SHA-256. */
  importCorpus: { file: string; settings: CorpusSettings; cacheFolder: string };
  corpusOverview: { corpus: ProjectCorpus; cacheFolder: string };
  evaluate: { input: MethodParams<'evaluateRun'>; backend: BackendChoice };
  export: { input: MethodParams<'exportRun'>; trashFolder: string };
}

export interface LongCallOutputs {
  importCorpus: { sha256: string };
  corpusOverview: CorpusOverview;
  evaluate: ScoreReport;
  export: MethodOutput<'exportRun'>;
}

export type LongCallName = keyof LongCallInputs;

export const longCallTasks: { [N in LongCallName]: (input: LongCallInputs[N], context: TaskContext) => Promise<LongCallOutputs[N]> } = {
  async importCorpus({ file, settings, cacheFolder }, context) {
    const prepared = await loadOrBuildCorpus(file, settings, cacheFolder, context);
    return { sha256: prepared.statistics.sha256 };
  },
  corpusOverview: ({ corpus, cacheFolder }, context) => corpusOverview(corpus, cacheFolder, context),
  evaluate: ({ input, backend }, context) => evaluateRunFolder(input, backend, context),
  export: ({ input, trashFolder }, context) => exportRunFolder(input, trashFolder, context),
};
