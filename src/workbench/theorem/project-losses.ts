// The full-matrix SGNS loss of every finished run of a project, side by side: the number that says
// which factorisation fits the SGNS objective best. All runs are scored on one matrix with one k and
// α — the objective run's counts on the words every run shares (the first N, most frequent first) —
// so the figures compare. The objective run is the viewed run when it was trained on the SGNS
// objective (SGNS, MF-SGNS), else the project's newest such run, else the viewed run itself: the
// table is the same whichever SGNS-family run, or other run beside one, is viewed.

import { dirname } from 'node:path';
import type { Theorem } from '../../shared/compare';
import type { CooccurrenceMatrix } from '../../engine/cooccurrence/cooccurrence-matrix';
import type { LongWorkOptions } from '../../engine/long-work';
import { throwIfCancelled } from '../../engine/long-work';
import type { FactorPair } from '../../engine/theorem/factor-pair';
import { restrictCounts } from '../../engine/theorem/restrict-counts';
import { sgnsLoss, type Matmul } from '../../engine/theorem/sgns-loss';
import { listRuns } from '../runs/list-runs';
import { readRunRecord, type StoredRunRecord } from '../runs/run-record';
import { theoremProfile, type TheoremProfile } from './theorem-profile';
import { hasBiasFiles, readRunFactors, type RunFactors } from './run-vectors';

/** A finished run of the project, read: its record, profile and factors. */
export interface ProjectRun {
  folder: string;
  id: string;
  record: StoredRunRecord;
  profile: TheoremProfile;
  factors: RunFactors;
  current: boolean;
}

export interface ProjectRuns {
  /** The viewed run first, then the others on the same corpus. */
  runs: ProjectRun[];
  skipped: Theorem['loss']['skipped'];
}

const idOf = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The viewed run and every other finished run in its folder that was trained on the same corpus. */
export async function projectRuns(current: Omit<ProjectRun, 'id' | 'current'>, work: LongWorkOptions = {}): Promise<ProjectRuns> {
  const runs: ProjectRun[] = [{ ...current, id: idOf(current.folder), current: true }];
  const skipped: Theorem['loss']['skipped'] = [];
  for (const run of listRuns(dirname(current.folder), () => false)) {
    if (run.folder === current.folder) continue;
    if (run.status !== 'done') {
      skipped.push({ id: run.id, reason: `not finished (${run.status})` });
      continue;
    }
    try {
      const record = readRunRecord(run.folder);
      if (!sameCorpus(current.record, record)) {
        skipped.push({ id: run.id, reason: 'trained on another corpus' });
        continue;
      }
      const profile = theoremProfile(record, run.folder, hasBiasFiles(run.folder));
      const factors = await readRunFactors(run.folder, { eig: profile.eig, signal: work.signal });
      runs.push({ folder: run.folder, id: run.id, record, profile, factors, current: false });
    } catch (error) {
      skipped.push({ id: run.id, reason: (error as Error).message });
    }
    throwIfCancelled(work.signal);
  }
  return { runs, skipped };
}

/** The run whose counts, k and α define the objective: see the file's comment. */
export function objectiveRun(project: ProjectRuns): ProjectRun {
  const [viewed, ...others] = project.runs;
  if (viewed.profile.loss === 'sgns') return viewed;
  // listRuns gives the newest first.
  return others.find((run) => run.profile.loss === 'sgns') ?? viewed;
}

export interface ObjectiveCounts {
  run: ProjectRun;
  /** The objective run's counts, rows in its vocabulary order, and what its P_α is made of. */
  counts: CooccurrenceMatrix;
  noiseCounts?: Float64Array;
}

export async function projectLosses(
  project: ProjectRuns,
  objective: ObjectiveCounts,
  options: { words: number; matmul?: Matmul },
  work: LongWorkOptions = {},
): Promise<Theorem['loss']> {
  const { run: reference, counts } = objective;
  const { k, alpha } = reference.profile;
  const rowMaps = project.runs.map((run) => new Map(run.factors.words.map((word, row) => [word, row])));

  // The objective run's words, most frequent first, that every run has.
  const words = reference.factors.words;
  const shared: number[] = [];
  for (let row = 0; row < words.length && shared.length < options.words; row++) {
    if (rowMaps.every((rowOf) => rowOf.has(words[row]))) shared.push(row);
  }
  const matrix = restrictCounts(counts, shared);
  const noiseCounts = objective.noiseCounts && Float64Array.from(shared, (row) => objective.noiseCounts![row]);
  const sharedWords = shared.map((row) => words[row]);

  const runs: Theorem['loss']['runs'] = [];
  for (const [index, run] of project.runs.entries()) {
    const pair = gather(run.factors.pair, rowMaps[index], sharedWords);
    const result = await sgnsLoss(
      { counts: matrix, noiseCounts, pair, k, alpha, negativeTerm: reference.profile.negativeTerm, matmul: options.matmul },
      { signal: work.signal, onProgress: (progress) => work.onProgress?.({ ...progress, phase: `loss of ${run.id}` }) },
    );
    runs.push({ folder: run.folder, id: run.id, name: run.record.name, model: run.record.model, dimensions: pair.dimensions, ...result, current: run.current });
  }
  return {
    objective: {
      id: reference.id,
      model: reference.record.model,
      window: reference.profile.counting.window,
      weighting: reference.profile.counting.weighting,
      k,
      alpha,
      negativeTerm: reference.profile.negativeTerm,
    },
    words: shared.length,
    cells: shared.length * shared.length,
    runs,
    skipped: project.skipped,
  };
}

/** The same corpus file, by hash when both runs recorded one. */
function sameCorpus(left: StoredRunRecord, right: StoredRunRecord): boolean {
  if (left.corpus.sha256 && right.corpus.sha256) return left.corpus.sha256 === right.corpus.sha256;
  return left.corpus.file === right.corpus.file;
}

/** The run's W and C rows of the given words, in that order (biases are not part of the SGNS score). */
function gather(pair: FactorPair, rowOf: Map<string, number>, words: string[]): FactorPair {
  const d = pair.dimensions;
  const W = new Float32Array(words.length * d);
  const C = new Float32Array(words.length * d);
  words.forEach((word, position) => {
    const row = rowOf.get(word)!;
    W.set(pair.W.subarray(row * d, (row + 1) * d), position * d);
    C.set(pair.C.subarray(row * d, (row + 1) * d), position * d);
  });
  return { rows: words.length, dimensions: d, W, C };
}
