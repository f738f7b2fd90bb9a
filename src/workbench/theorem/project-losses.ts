// The full-matrix SGNS loss of every finished run of a project, side by side: the number that says
// which factorisation fits the SGNS objective best. All runs are scored on one matrix — the viewed
// run's counts on the words every run shares (the first N of them, most frequent first) — with one
// k and α, so the figures compare.

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
import { theoremProfile } from './theorem-profile';
import { hasBiasFiles, readRunFactors, type RunFactors } from './run-vectors';

export interface ProjectLossesInput {
  folder: string;
  record: StoredRunRecord;
  /** The viewed run: its counts (rows in its vocabulary order), words and factors. */
  counts: CooccurrenceMatrix;
  factors: RunFactors;
  /** What P_α is made of, per row of the counts (the counts' column sums when absent). */
  noiseCounts?: Float64Array;
  k: number;
  alpha: number;
  /** The most shared words the loss is taken over. */
  words: number;
  matmul?: Matmul;
}

interface Candidate {
  folder: string;
  id: string;
  model: string;
  factors: RunFactors;
  rowOf: Map<string, number>;
  current: boolean;
}

export async function projectLosses(input: ProjectLossesInput, work: LongWorkOptions = {}): Promise<Theorem['loss']> {
  const { folder, record, counts, factors, k, alpha, matmul } = input;
  const skipped: Theorem['loss']['skipped'] = [];
  const idOf = (path: string) => path.split(/[\\/]/).pop() ?? path;
  const candidates: Candidate[] = [
    { folder, id: idOf(folder), model: record.model, factors, rowOf: new Map(factors.words.map((word, row) => [word, row])), current: true },
  ];
  for (const run of listRuns(dirname(folder), () => false)) {
    if (run.folder === folder) continue;
    if (run.status !== 'done') {
      skipped.push({ id: run.id, reason: `not finished (${run.status})` });
      continue;
    }
    try {
      const other = readRunRecord(run.folder);
      if (!sameCorpus(record, other)) {
        skipped.push({ id: run.id, reason: 'trained on another corpus' });
        continue;
      }
      const eig = theoremProfile(other, run.folder, hasBiasFiles(run.folder)).eig;
      const otherFactors = await readRunFactors(run.folder, { eig, signal: work.signal });
      candidates.push({
        folder: run.folder,
        id: run.id,
        model: other.model,
        factors: otherFactors,
        rowOf: new Map(otherFactors.words.map((word, row) => [word, row])),
        current: false,
      });
    } catch (error) {
      skipped.push({ id: run.id, reason: (error as Error).message });
    }
  }
  throwIfCancelled(work.signal);

  // The viewed run's words, most frequent first, that every run has.
  const shared: number[] = [];
  for (let row = 0; row < factors.words.length && shared.length < input.words; row++) {
    const word = factors.words[row];
    if (candidates.every((candidate) => candidate.rowOf.has(word))) shared.push(row);
  }
  const matrix = restrictCounts(counts, shared);
  const noiseCounts = input.noiseCounts && Float64Array.from(shared, (row) => input.noiseCounts![row]);

  const runs: Theorem['loss']['runs'] = [];
  for (const candidate of candidates) {
    const pair = gather(candidate, shared.map((row) => factors.words[row]));
    const result = await sgnsLoss(
      { counts: matrix, noiseCounts, pair, k, alpha, matmul },
      { signal: work.signal, onProgress: (progress) => work.onProgress?.({ ...progress, phase: `loss of ${candidate.id}` }) },
    );
    runs.push({ folder: candidate.folder, id: candidate.id, model: candidate.model, dimensions: pair.dimensions, ...result, current: candidate.current });
  }
  return { words: shared.length, cells: shared.length * shared.length, runs, skipped };
}

/** The same corpus file, by hash when both runs recorded one. */
function sameCorpus(left: StoredRunRecord, right: StoredRunRecord): boolean {
  if (left.corpus.sha256 && right.corpus.sha256) return left.corpus.sha256 === right.corpus.sha256;
  return left.corpus.file === right.corpus.file;
}

/** The run's W and C rows of the given words, in that order (biases are not part of the SGNS score). */
function gather(candidate: Candidate, words: string[]): FactorPair {
  const { pair } = candidate.factors;
  const d = pair.dimensions;
  const W = new Float32Array(words.length * d);
  const C = new Float32Array(words.length * d);
  words.forEach((word, position) => {
    const row = candidate.rowOf.get(word)!;
    W.set(pair.W.subarray(row * d, (row + 1) * d), position * d);
    C.set(pair.C.subarray(row * d, (row + 1) * d), position * d);
  });
  return { rows: words.length, dimensions: d, W, C };
}
