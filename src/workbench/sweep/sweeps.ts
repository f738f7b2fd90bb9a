import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { BackendChoice } from '../../shared/compute';
import type { EventPayload, MethodOutput, MethodParams } from '../../shared/contract';
import { FirthError, serializeError } from '../../shared/errors';
import type { Project } from '../../shared/project';
import { describePlan, estimateSweepSeconds, formatEstimate, guessedSweepCosts, type SweepCosts } from '../../shared/sweep-plan';
import type { SweepStatus } from '../../shared/sweep-results';
import type { EventHub } from '../event-hub';
import { TaskWorker } from '../jobs/task-worker';
import { listRuns } from '../runs/list-runs';
import { prepareSweep, type SweepRequest } from './run-sweep';
import { hasSweepRecord, readCancelledRuns, readSweepRecord, writeCancelledRuns } from './sweep-record';
import { sweepStatus } from './sweep-results';

export interface SweepServiceOptions {
  backend: BackendChoice;
  threads?: number;
  allowSoftwareAdapter: boolean;
  cacheFolder: string;
  trashFolder?: string;
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : sorted[Math.floor(sorted.length / 2)];
};

/** A folder name from a sweep's name: letters, digits, - and _ only. */
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'sweep';

/**
 * The project's sweeps: each runs in its own worker thread (sweep.worker.ts) as a job: `progress`
 * events under its jobId, `jobFinished` at the end, cancelJob to stop it. Its folder is the project's
 * sweeps/<name> (sweep.json, results.csv); its runs are ordinary run folders in the project's runs/.
 */
export class Sweeps {
  private readonly running = new Map<string, { worker: TaskWorker; folder: string }>();

  constructor(private readonly hub: EventHub) {}

  /** Costs measured on the project's finished runs; guessed from the corpus size where there are none. */
  costs(project: Project, corpusFile = project.corpus?.file): SweepCosts {
    const guessed = guessedSweepCosts(corpusFile && existsSync(corpusFile) ? statSync(corpusFile).size : 10e6);
    const runs = listRuns(join(project.folder, 'runs'), () => false).filter((run) => run.status === 'done');
    const svd = runs.filter((run) => run.model === 'sppmi-svd' && run.dimensions);
    const count = median(svd.map((run) => run.durationMs ?? Number.NaN));
    const sgns = median(runs.filter((run) => run.model === 'sgns').map((run) => run.durationMs ?? Number.NaN));
    return {
      ...guessed,
      // A finished SPPMI-SVD run's total is mostly its SVD: scale it to d 100, keep the guessed count.
      ...(count !== undefined ? { svdSecondsAt100: Math.max(0.1, count / 1000 - guessed.countSeconds) * (100 / (median(svd.map((run) => run.dimensions!)) ?? 100)) } : {}),
      ...(sgns !== undefined ? { separateRunSeconds: sgns / 1000 } : {}),
    };
  }

  plan(project: Project, input: MethodParams<'planSweep'>): MethodOutput<'planSweep'> {
    const { plan } = prepareSweep(input.spec, true);
    const seconds = estimateSweepSeconds(plan, this.costs(project, input.corpusFile));
    return { runs: plan.runs, plan: describePlan(plan), counts: plan.counts, factorisations: plan.factorisations, seconds, estimate: formatEstimate(seconds) };
  }

  start(project: Project, input: MethodParams<'startSweep'>, options: SweepServiceOptions): MethodOutput<'startSweep'> {
    let spec = input.spec;
    let folder: string;
    let recordedCorpus: string | undefined;
    if (input.folder) {
      folder = resolve(input.folder);
      if (!hasSweepRecord(folder)) throw new FirthError('not-found', `${folder} holds no sweep.json`, { file: folder, field: 'folder' });
      const record = readSweepRecord(folder);
      spec ??= record.spec;
      recordedCorpus = record.corpus.file;
    } else {
      if (!spec) throw new FirthError('invalid-input', 'Give the sweep (spec) or the folder of one to resume', { field: 'spec' });
      const name = spec.name ?? `sweep-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
      spec = { ...spec, name };
      folder = join(project.folder, 'sweeps', safeName(name));
      if (hasSweepRecord(folder)) {
        throw new FirthError('already-exists', `A sweep named ${name} exists in this project: give another name, or resume it`, { field: 'name', file: folder });
      }
    }
    const corpusFile = input.corpusFile ?? recordedCorpus ?? project.corpus?.file;
    if (!corpusFile) throw new FirthError('invalid-input', 'Set the project’s corpus first (Corpus tab), or give a corpus file', { field: 'corpusFile' });
    if (!isAbsolute(corpusFile) || !existsSync(corpusFile)) throw new FirthError('not-found', `The corpus ${corpusFile} does not exist`, { file: corpusFile, field: 'corpusFile' });
    if ([...this.running.values()].some((job) => job.folder === folder)) throw new FirthError('locked', 'This sweep is running', { file: folder });
    // A new sweep on the project's corpus takes its tokenizer settings; a resumed one keeps its own.
    if (!input.folder && !input.corpusFile && project.corpus) spec = { ...spec, corpus: { ...project.corpus.settings, ...spec.corpus } };
    const { plan } = prepareSweep(spec, input.confirmed ?? false, statSync(corpusFile).size);
    const request: Omit<SweepRequest, 'signal' | 'onProgress' | 'onRunFinished'> = {
      spec,
      corpusFile,
      folder,
      runsFolder: join(project.folder, 'runs'),
      runPrefix: `${safeName(spec.name ?? 'sweep')}-`,
      confirmed: input.confirmed ?? false,
      backend: input.backend ?? options.backend,
      threads: input.threads ?? options.threads,
      allowSoftwareAdapter: options.allowSoftwareAdapter,
      cacheFolder: options.cacheFolder,
      trashFolder: options.trashFolder,
    };
    const jobId = randomUUID();
    const worker = new TaskWorker('sweep', import.meta.url, this.hub);
    this.running.set(jobId, { worker, folder });
    const ended = (payload: Omit<EventPayload<'jobFinished'>, 'jobId'>) => {
      this.running.delete(jobId);
      void worker.terminate();
      this.hub.emit('jobFinished', { jobId, ...payload });
    };
    worker.run<SweepStatus>('sweep', request, jobId).then(
      (status) => ended({ status: 'done', out: folder, record: { state: status.state, runsDone: status.runsDone, runsTotal: status.runsTotal } }),
      (error: unknown) => {
        const serialized = serializeError(error);
        ended({ status: serialized.code === 'cancelled' ? 'cancelled' : 'failed', out: folder, error: serialized });
      },
    );
    return { jobId, folder, runs: plan.runs, plan: describePlan(plan) };
  }

  isRunning(folder: string): boolean {
    return [...this.running.values()].some((job) => job.folder === resolve(folder));
  }

  get(folder: string): SweepStatus {
    const absolute = resolve(folder);
    if (!hasSweepRecord(absolute)) throw new FirthError('not-found', `${absolute} holds no sweep.json`, { file: absolute, field: 'folder' });
    return sweepStatus(absolute, readSweepRecord(absolute), this.isRunning(absolute));
  }

  list(project: Project): MethodOutput<'listSweeps'> {
    const root = join(project.folder, 'sweeps');
    if (!existsSync(root)) return { sweeps: [] };
    const sweeps = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && hasSweepRecord(join(root, entry.name)))
      .flatMap((entry) => {
        try {
          const { rows: _rows, ...status } = this.get(join(root, entry.name));
          return [status];
        } catch {
          return []; // a damaged sweep.json: getSweep on its folder says why
        }
      });
    return { sweeps: sweeps.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
  }

  /** Cancels one run of a running sweep: false when the sweep is not running here or the run is finished. */
  cancelRun(folder: string, index: number): boolean {
    const absolute = resolve(folder);
    if (!this.isRunning(absolute)) return false;
    const entry = readSweepRecord(absolute).runs[index];
    if (!entry || entry.status === 'done') return false;
    const cancelled = readCancelledRuns(absolute);
    cancelled.add(index);
    writeCancelledRuns(absolute, cancelled);
    return true;
  }

  cancel(jobId: string): boolean {
    return this.running.get(jobId)?.worker.cancel(jobId) ?? false;
  }

  async dispose(): Promise<void> {
    const jobs = [...this.running.values()];
    this.running.clear();
    await Promise.all(jobs.map((job) => job.worker.terminate()));
  }
}
