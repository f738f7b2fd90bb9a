import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import type { Progress } from '../../shared/progress';
import { checkSweepSize, expandSweep, SWEEP_RECORD_KIND, SweepSpecSchema, type SweepPoint, type SweepSpec } from '../../shared/sweep';
import { describePlan, estimateSweepSeconds, formatEstimate, guessedSweepCosts, planSweep, type SweepPlan } from '../../shared/sweep-plan';
import type { SweepResultRow, SweepStatus } from '../../shared/sweep-results';
import { loadOrBuildCorpus } from '../../engine/corpus/corpus-cache';
import { hashFile } from '../../engine/corpus/hash-file';
import { makeFolder } from '../../engine/io/make-folder';
import { isProcessAlive, removeStaleTemporaries } from '../../engine/io/stale-temporaries';
import { parseStagingFolderName } from '../../engine/runs/staging-names';
import { abandonRunFolder, beginRunFolder } from '../../engine/runs/write-run-folder';
import { noWork, type GroupRun, type SweepCarry, type SweepWork } from '../../engine/sweep/group-trainer';
import { trainGroup } from '../../engine/sweep/train-group';
import type { TrainedModel } from '../../engine/models/model-trainer';
import { evaluateRunFolder } from '../evaluation/evaluate-run';
import { findRunRecord } from '../runs/run-record';
import { writeTrainedRun } from '../runs/train-run';
import { withInitFolder } from '../runs/init-run';
import { effectiveState, hasSweepRecord, readCancelledRuns, readSweepRecord, runFolderOf, SWEEP_RECORD_VERSION, writeCancelledRuns, writeSweepRecord, type SweepRecord } from './sweep-record';
import { sweepRows, sweepRunName, sweepStatus, writeResultsCsv } from './sweep-results';

/** What a sweep takes: the spec, the corpus, its folder, and where and how to compute. */
export interface SweepRequest {
  spec: SweepSpec;
  corpusFile: string;
  /** The sweep folder: sweep.json and results.csv (made if missing; an earlier run of this sweep resumes). */
  folder: string;
  /** Where the run folders go (default: the sweep folder); the app puts them in the project's runs/. */
  runsFolder?: string;
  /** Starts a run folder's name (the app: the sweep's name, so the runs list groups them). */
  runPrefix?: string;
  /** Confirms a sweep of more than 200 runs. */
  confirmed?: boolean;
  backend: BackendChoice;
  threads?: number;
  memoryBudgetBytes?: number;
  allowSoftwareAdapter?: boolean;
  cacheFolder: string;
  trashFolder?: string;
  signal?: AbortSignal;
  /** Stage progress, every event carrying the sweep's figures in details (sweepRunsDone, sweepRunsTotal, sweepCurrentRun, sweepEtaMs). */
  onProgress?: (progress: Progress) => void;
  /** A run finished (done or failed), with the table so far. */
  onRunFinished?: (row: SweepResultRow, status: SweepStatus) => void;
}

export interface SweepOutcome {
  status: SweepStatus;
  /** Counts and SVDs computed by this call (a resumed sweep does only what was left). */
  work: SweepWork;
  /** The runs this call trained, in the order they finished. */
  trained: number[];
}

/** The sweep's points, plan and size check: everything that can be refused before any work. */
export function prepareSweep(spec: SweepSpec, confirmed = false, corpusBytes?: number): { points: SweepPoint[]; plan: SweepPlan } {
  const points = expandSweep(spec);
  const plan = planSweep(points);
  checkSweepSize(points.length, confirmed, corpusBytes === undefined ? undefined : formatEstimate(estimateSweepSeconds(plan, guessedSweepCosts(corpusBytes))));
  return { points, plan };
}

/** The spec as sweep.json stores it (keys in the schema's order), so equal sweeps compare equal. */
const canonicalSpec = (spec: SweepSpec) => JSON.stringify(SweepSpecSchema.parse(JSON.parse(JSON.stringify(spec))));

function sameSpec(left: SweepSpec, right: SweepSpec): boolean {
  return canonicalSpec(left) === canonicalSpec(right);
}

/**
 * Runs a sweep: each count group of the plan is trained by the engine (shared counts and SVDs),
 * and each run, as it is delivered, is written as an ordinary run folder (run.json names the sweep
 * and the grid point), scored on the sweep's test sets, and recorded in sweep.json and results.csv.
 * Started again on the same folder, it resumes: finished runs are kept, the rest run. The corpus is
 * checked before every group and every run: if it changed since the sweep began, the sweep stops.
 */
export async function runSweep(request: SweepRequest): Promise<SweepOutcome> {
  const { spec, folder } = request;
  const { points, plan } = prepareSweep(spec, request.confirmed, statSync(request.corpusFile, { throwIfNoEntry: false })?.size);
  const runsFolder = request.runsFolder ?? folder;
  // An MF-SGNS init run that is not there (or not SPPMI-SVD) stops the sweep before anything is written.
  for (const point of points) withInitFolder(point.settings, join(runsFolder, 'sweep-run'));
  makeFolder(folder);
  makeFolder(runsFolder);
  // What a killed earlier run of this sweep left half-written (its writer is gone) goes first.
  removeStaleTemporaries(folder);
  if (runsFolder !== folder) removeStaleTemporaries(runsFolder);

  let record: SweepRecord;
  const resuming = hasSweepRecord(folder);
  if (resuming) {
    record = readSweepRecord(folder);
    if (!sameSpec(record.spec, spec)) {
      throw new FirthError('already-exists', `${folder} holds another sweep (${record.name}): choose a new folder, or run the same sweep to resume it`, { file: folder, field: 'out' });
    }
    if (effectiveState(record, false) === 'running') {
      throw new FirthError('locked', `The sweep in ${folder} is running in process ${record.pid}`, { file: folder });
    }
  } else {
    const name = spec.name ?? basename(folder);
    record = {
      schemaVersion: SWEEP_RECORD_VERSION,
      kind: SWEEP_RECORD_KIND,
      id: randomUUID(),
      name,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      state: 'running',
      spec,
      corpus: { file: request.corpusFile, sha256: '', sizeBytes: 0, modifiedMs: 0 },
      plan: { summary: describePlan(plan), runs: plan.runs, counts: plan.counts, factorisations: plan.factorisations, separateRuns: plan.separateRuns },
      runs: points.map((point) => ({
        index: point.index,
        model: point.model,
        point: point.point,
        folder: relative(folder, join(runsFolder, sweepRunName(point.index, point.model, point.point, request.runPrefix))) || '.',
        status: 'queued' as const,
      })),
      pid: process.pid,
    };
    // The folder shows the sweep (queued runs and all) from the start, while the corpus is prepared.
    writeSweepRecord(folder, record);
  }

  const corpusSettings = CorpusSettingsSchema.parse(spec.corpus ?? {});
  const work = noWork();
  const trainedRuns: number[] = [];
  const finish = (state: SweepRecord['state'], problem?: string) => {
    record = { ...record, state, ...(problem ? { problem } : {}) };
    if (!problem) delete record.problem;
    writeSweepRecord(folder, record);
    writeResultsCsv(folder, sweepRows(folder, record));
  };

  try {
    const stageWork = { signal: request.signal, onProgress: request.onProgress };
    const corpus = await loadOrBuildCorpus(request.corpusFile, corpusSettings, request.cacheFolder, stageWork);
    const identity = statSync(request.corpusFile);
    if (resuming && record.corpus.sha256 && record.corpus.sha256 !== corpus.statistics.sha256) {
      const problem = corpusChangedMessage(request.corpusFile, record.runs.filter((entry) => entry.status === 'done').length);
      finish('failed', problem);
      throw new FirthError('invalid-input', problem, { file: request.corpusFile, field: 'corpusFile' });
    }
    record = {
      ...record,
      state: 'running',
      pid: process.pid,
      corpus: { file: request.corpusFile, sha256: corpus.statistics.sha256, sizeBytes: identity.size, modifiedMs: identity.mtimeMs },
    };
    delete record.problem;
    // Starting (again) queues every unfinished run, also those cancelled one by one last time.
    writeCancelledRuns(folder, new Set());

    // A run counts as finished when its folder holds this sweep's run.json; everything else runs (again).
    const done = new Set<number>();
    record.runs = record.runs.map((entry) => {
      const run = findRunRecordSafely(runFolderOf(folder, entry));
      if (run?.sweep?.id === record.id && run.sweep.index === entry.index) {
        done.add(entry.index);
        return { ...entry, status: 'done' as const };
      }
      const { error: _error, ...rest } = entry;
      return { ...rest, status: 'queued' as const };
    });
    writeSweepRecord(folder, record);

    const checkCorpus = async () => {
      const now = statSync(request.corpusFile, { throwIfNoEntry: false });
      if (now && now.size === record.corpus.sizeBytes && now.mtimeMs === record.corpus.modifiedMs) return;
      const sha256 = now ? await hashFile(request.corpusFile) : '';
      if (sha256 === record.corpus.sha256) return;
      const problem = corpusChangedMessage(request.corpusFile, done.size);
      finish('failed', problem);
      throw new FirthError('invalid-input', problem, { file: request.corpusFile, field: 'corpusFile' });
    };

    const total = points.length;
    const eta = new SweepEta(plan, done);
    let lastMark = performance.now();
    const details = () => ({ sweepRunsDone: done.size, sweepRunsTotal: total, sweepCurrentRun: Math.min(total, done.size + 1), ...eta.remainingMs() });
    const onProgress = request.onProgress && ((progress: Progress) => request.onProgress!({ ...progress, details: { ...progress.details, ...details() } }));
    const context = {
      backend: request.backend,
      threads: request.threads,
      memoryBudgetBytes: request.memoryBudgetBytes,
      allowSoftwareAdapter: request.allowSoftwareAdapter,
      signal: request.signal,
      onProgress,
    };
    const trainerCorpus = { ids: corpus.ids, counts: corpus.vocabulary.counts };
    const sets = spec.sets;

    /** Runs the user cancelled one by one: marked, never written; the rest of the sweep goes on. */
    const skipCancelled = (indexes: number[]): boolean => {
      const cancelled = readCancelledRuns(folder);
      const hit = indexes.filter((index) => cancelled.has(index) && !done.has(index));
      for (const index of hit) record.runs[index] = { ...record.runs[index], status: 'cancelled' };
      if (hit.length > 0) writeSweepRecord(folder, record);
      return hit.length > 0;
    };

    const deliver = async (index: number, trained: TrainedModel) => {
      if (skipCancelled([index])) {
        lastMark = performance.now();
        return;
      }
      await checkCorpus();
      const entry = record.runs[index];
      const point = points[index];
      const out = runFolderOf(folder, entry);
      const staging = beginRunFolder(out, { model: point.model, settings: { corpus: corpusSettings, model: point.settings }, corpusFile: request.corpusFile });
      try {
        await writeTrainedRun({
          model: point.model,
          out,
          trashFolder: request.trashFolder,
          staging,
          corpus,
          corpusSettings,
          settings: point.settings,
          trained,
          corpusMs: 0,
          started: lastMark,
          sweep: { id: record.id, folder, index, point: point.point },
        });
      } finally {
        abandonRunFolder(staging);
      }
      removeDeadStaging(out);
      const durationMs = performance.now() - lastMark;
      eta.record(index, durationMs);
      if (sets === undefined || sets.length > 0) {
        await evaluateRunFolder({ folder: out, ...(sets ? { sets } : {}) }, request.backend);
      }
      done.add(index);
      trainedRuns.push(index);
      record.runs[index] = { ...entry, status: 'done', durationMs };
      writeSweepRecord(folder, record);
      const rows = sweepRows(folder, record);
      writeResultsCsv(folder, rows);
      onProgress?.({ phase: 'sweep', done: done.size, total, unit: 'runs' });
      request.onRunFinished?.(rows[index], sweepStatus(folder, record, true));
      lastMark = performance.now();
    };

    const carry: SweepCarry = {};
    for (const group of plan.groups) {
      skipCancelled(group.factors.flatMap((factor) => factor.runs));
      const factors: GroupRun[][] = group.factors
        .map((factor) =>
          factor.runs
            .filter((index) => !done.has(index) && record.runs[index].status !== 'cancelled')
            // MF-SGNS's init may name a run of the project: the trainer reads its folder.
            .map((index) => ({ index, settings: withInitFolder(points[index].settings, runFolderOf(folder, record.runs[index])) })),
        )
        .filter((runs) => runs.length > 0);
      if (factors.length === 0) continue;
      await checkCorpus();
      try {
        await trainGroup(group.model, trainerCorpus, factors, context, deliver, work, carry);
      } catch (error) {
        if (error instanceof FirthError && (error.code === 'cancelled' || error.where?.field === 'corpusFile' || error.code === 'io')) throw error;
        // A group that cannot train (d ≥ V, no pairs in the window…) fails its runs; the others go on.
        const message = error instanceof Error ? error.message : String(error);
        for (const runs of factors) for (const run of runs) if (!done.has(run.index)) record.runs[run.index] = { ...record.runs[run.index], status: 'failed', error: message };
        writeSweepRecord(folder, record);
        lastMark = performance.now();
      }
    }
    writeCancelledRuns(folder, new Set());
    const failed = record.runs.filter((entry) => entry.status === 'failed');
    finish(failed.length > 0 ? 'failed' : 'done', failed.length > 0 ? `${failed.length} run${failed.length === 1 ? '' : 's'} failed: ${failed[0].error}` : undefined);
  } catch (error) {
    if (record.state === 'running') {
      const cancelled = error instanceof FirthError && error.code === 'cancelled';
      finish(cancelled ? 'cancelled' : 'failed', cancelled ? undefined : error instanceof Error ? error.message : String(error));
    }
    throw error;
  }
  return { status: sweepStatus(folder, record, false), work, trained: trainedRuns };
}

/** A killed earlier try of this run left its (emptied) staging folder: the run is done now, so it goes. */
function removeDeadStaging(out: string): void {
  const parent = dirname(out);
  for (const name of readdirSync(parent)) {
    const staging = parseStagingFolderName(name);
    if (staging?.runName === basename(out) && !isProcessAlive(staging.pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function corpusChangedMessage(file: string, finished: number): string {
  return `The corpus ${file} changed since this sweep started (its SHA-256 differs): the sweep stopped after ${finished} finished run${finished === 1 ? '' : 's'}, which keep the old text's vectors. Restore the file, or start a new sweep in another folder`;
}

/** run.json of a folder, or undefined when there is none or it cannot be read (the run is then redone). */
function findRunRecordSafely(folder: string) {
  if (!existsSync(folder)) return undefined;
  try {
    return findRunRecord(folder);
  } catch {
    return undefined;
  }
}

/**
 * The whole sweep's time left, from what the runs so far took: shared stages (counts, SVDs) are
 * measured as they happen and the plan says how many are left, so the estimate does not treat the
 * cheap truncated runs like the first run of a group.
 */
class SweepEta {
  private measuredMs = 0;
  private readonly measured = new Set<number>();

  constructor(
    private readonly plan: SweepPlan,
    private readonly done: ReadonlySet<number>,
  ) {}

  record(index: number, durationMs: number): void {
    this.measuredMs += durationMs;
    this.measured.add(index);
  }

  /** { sweepEtaMs } once a run has finished: the measured time per group times the groups left, plus the rest of the current one. */
  remainingMs(): { sweepEtaMs?: number } {
    if (this.measured.size === 0) return {};
    // Work units: a run of its own is 1, a shared group costs like its first run plus a small part per further run.
    let doneUnits = 0;
    let leftUnits = 0;
    for (const group of this.plan.groups) {
      for (const factor of group.factors) {
        factor.runs.forEach((index, position) => {
          const units = position === 0 || !group.shared ? 1 : 0.1;
          if (this.measured.has(index)) doneUnits += units;
          else if (!this.done.has(index)) leftUnits += units;
        });
      }
    }
    return doneUnits > 0 ? { sweepEtaMs: Math.round((this.measuredMs / doneUnits) * leftUnits) } : {};
  }
}
