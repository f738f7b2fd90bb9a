import { join } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import type { MethodParams } from '../../shared/contract';
import type { ScoreReport } from '../../shared/runs';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { loadEmbedding } from '../../engine/formats';
import { hasRunRecord } from '../runs/run-record';
import { evaluateEmbedding } from './evaluate-embedding';
import { throwIfCancelled, type LongWorkOptions } from '../../engine/long-work';
import { fileSystemError } from '../../engine/io/file-errors';

/** Scores a run folder or vector file; a run folder keeps its latest scores in scores.json. */
export async function evaluateRunFolder(input: MethodParams<'evaluateRun'>, backend: BackendChoice, work: LongWorkOptions = {}): Promise<ScoreReport> {
  const { embedding } = await loadEmbedding(input.folder, { matrix: input.matrix, signal: work.signal, onProgress: work.onProgress });
  const report = await evaluateEmbedding({ embedding, sets: input.sets, files: input.files, restrict: input.restrict, backend, signal: work.signal, onProgress: work.onProgress });
  // A cancel that arrives after the last set still saves nothing.
  throwIfCancelled(work.signal);
  const scores: ScoreReport = {
    rows: report.rows,
    problems: report.problems.map((problem) => ({ set: problem.set, line: problem.line, reason: problem.reason })),
    backend: report.backend,
    evaluatedAt: new Date().toISOString(),
  };
  const scoresFile = join(input.folder, 'scores.json');
  try {
    if (hasRunRecord(input.folder)) writeFileAtomic(scoresFile, `${JSON.stringify(scores, null, 2)}\n`);
  } catch (error) {
    throw fileSystemError(error, 'save the scores in', scoresFile);
  }
  return scores;
}
