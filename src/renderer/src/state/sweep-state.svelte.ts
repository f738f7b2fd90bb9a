import type { EventPayload, FirthClient, MethodInput, MethodOutput } from '@shared/contract';
import { FirthError } from '@shared/errors';
import { formatDuration } from '@shared/progress';
import type { SweepStatus } from '@shared/sweep-results';
import { summarizeProgress, type ProgressSummary } from '../runs/job-progress';

type SweepListEntry = MethodOutput<'listSweeps'>['sweeps'][number];

/** The sweep running from this page: the whole sweep's progress and the current run's. */
export interface SweepJob {
  jobId: string;
  folder: string;
  status: 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';
  runsDone: number;
  runsTotal: number;
  /** The run being trained (1-based), and the whole sweep's time left. */
  currentRun: number | undefined;
  eta: string | undefined;
  /** The current run's stage (counting, SVD…) and percent. */
  stage: ProgressSummary | undefined;
  error: string | undefined;
}

/**
 * The Runs tab's sweeps: the list, the one shown with its table, and the one running. The table is
 * fetched again whenever a run of the running sweep finishes (a progress event of phase "sweep").
 */
export class SweepState {
  sweeps = $state.raw<SweepListEntry[]>([]);
  shown = $state.raw<SweepStatus | null>(null);
  job = $state.raw<SweepJob | null>(null);

  readonly #client: FirthClient;
  readonly #projectId: string;
  readonly #report: (error: unknown) => void;
  #request = 0;
  #showing = false;

  constructor(client: FirthClient, projectId: string, report: (error: unknown) => void) {
    this.#client = client;
    this.#projectId = projectId;
    this.#report = report;
  }

  /** Follows the running sweep's events; returns the unsubscribe. */
  listen(onRunsChanged: () => void): () => void {
    const offProgress = this.#client.on('progress', (event) => this.#progress(event, onRunsChanged));
    const offFinished = this.#client.on('jobFinished', (event) => this.#finished(event, onRunsChanged));
    return () => {
      offProgress();
      offFinished();
    };
  }

  async refresh(): Promise<void> {
    try {
      this.sweeps = (await this.#client.listSweeps({ id: this.#projectId })).sweeps;
      if (!this.shown && this.sweeps.length > 0) await this.show(this.sweeps[0].folder);
    } catch (error) {
      this.#report(error);
    }
  }

  /** Shows a sweep's table; a sweep just started may not have its sweep.json yet (then nothing changes). */
  async show(folder: string, options: { mayBeMissing?: boolean } = {}): Promise<void> {
    const request = ++this.#request;
    try {
      const status = await this.#client.getSweep({ folder });
      if (request === this.#request) this.shown = status;
    } catch (error) {
      if (options.mayBeMissing && error instanceof FirthError && error.code === 'not-found') return;
      this.#report(error);
    }
  }

  /** The plan and estimate, or the errors by field. */
  async plan(input: MethodInput<'planSweep'>): Promise<{ plan: MethodOutput<'planSweep'> } | { error: string; field?: string }> {
    try {
      return { plan: await this.#client.planSweep(input) };
    } catch (error) {
      if (error instanceof FirthError) return { error: error.message, field: error.where?.field };
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  async start(input: MethodInput<'startSweep'>): Promise<{ error: string; field?: string } | null> {
    try {
      const started = await this.#client.startSweep(input);
      this.job = { jobId: started.jobId, folder: started.folder, status: 'running', runsDone: 0, runsTotal: started.runs, currentRun: 1, eta: undefined, stage: undefined, error: undefined };
      await this.refresh();
      await this.show(started.folder, { mayBeMissing: true });
      return null;
    } catch (error) {
      if (error instanceof FirthError) return { error: error.message, field: error.where?.field };
      this.#report(error);
      return null;
    }
  }

  async cancel(): Promise<void> {
    const job = this.job;
    if (!job || job.status !== 'running') return;
    this.job = { ...job, status: 'cancelling' };
    try {
      await this.#client.cancelJob({ jobId: job.jobId });
    } catch (error) {
      this.#report(error);
    }
  }

  /** Cancels one queued run of the running sweep; the table shows it as cancelled once the sweep reaches it. */
  async cancelRun(index: number): Promise<void> {
    const job = this.job;
    if (!job || job.status !== 'running') return;
    try {
      await this.#client.cancelSweepRun({ folder: job.folder, index });
    } catch (error) {
      this.#report(error);
    }
  }

  #progress(event: EventPayload<'progress'>, onRunsChanged: () => void): void {
    const job = this.job;
    if (!job || event.jobId !== job.jobId) return;
    const details = event.details ?? {};
    const runsDone = details.sweepRunsDone ?? job.runsDone;
    this.job = {
      ...job,
      runsDone,
      runsTotal: details.sweepRunsTotal ?? job.runsTotal,
      currentRun: details.sweepCurrentRun ?? job.currentRun,
      eta: details.sweepEtaMs !== undefined ? formatDuration(details.sweepEtaMs) : job.eta,
      stage: event.phase === 'sweep' ? job.stage : summarizeProgress(event),
    };
    if (event.phase === 'sweep') {
      if (this.shown?.folder === job.folder) void this.show(job.folder);
      onRunsChanged();
    } else if (this.shown?.folder !== job.folder && !this.#showing) {
      // The sweep's table appears as soon as its folder has one (sweep.json is written as it starts).
      this.#showing = true;
      void this.refresh()
        .then(() => this.show(job.folder, { mayBeMissing: true }))
        .finally(() => (this.#showing = false));
    }
  }

  #finished(event: EventPayload<'jobFinished'>, onRunsChanged: () => void): void {
    const job = this.job;
    if (!job || event.jobId !== job.jobId) return;
    this.job = { ...job, status: event.status, error: event.error?.message, stage: undefined };
    void this.refresh();
    if (this.shown?.folder === job.folder) void this.show(job.folder);
    onRunsChanged();
  }
}
