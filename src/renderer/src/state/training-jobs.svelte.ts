import type { EventPayload, FirthClient, MethodInput } from '@shared/contract';
import { FirthError } from '@shared/errors';
import { appendLossPoint, summarizeProgress, type LossPoint, type ProgressEvent, type ProgressSummary } from '../runs/job-progress';
import { summarizeRunRecord, type SummaryItem } from '../runs/run-summary';
import { errorFieldKey, type TrainingModel } from '../runs/training-form';

export type JobStatus = 'queued' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

/** A training job started in this session, as its row shows it. */
export class TrainingJob {
  readonly jobId: string;
  readonly projectId: string;
  readonly model: TrainingModel;
  readonly out: string;
  status = $state<JobStatus>('running');
  progress = $state.raw<ProgressSummary | null>(null);
  lossPoints = $state.raw<readonly LossPoint[]>([]);
  /** What the loss chart's x axis counts: words for SGNS, steps for MF-SGNS, cells for GloVe (the training progress's unit). */
  lossUnit = $state('words');
  results = $state.raw<SummaryItem[]>([]);
  error = $state<string | null>(null);

  constructor(jobId: string, projectId: string, model: TrainingModel, out: string, status: JobStatus = 'running') {
    this.status = status;
    this.jobId = jobId;
    this.projectId = projectId;
    this.model = model;
    this.out = out;
  }

  /** Applies a frame's worth of reports at once: one state change, one redraw. */
  applyProgress(events: readonly ProgressEvent[]): void {
    if (events.length === 0 || (this.status !== 'running' && this.status !== 'cancelling')) return;
    let points = this.lossPoints;
    for (const event of events) {
      if (event.phase !== 'train') continue;
      points = appendLossPoint(points, event);
      this.lossUnit = event.unit;
    }
    this.lossPoints = points;
    this.progress = summarizeProgress(events[events.length - 1]);
  }

  finish(event: EventPayload<'jobFinished'>): void {
    this.status = event.status;
    if (event.record) this.results = summarizeRunRecord(event.record);
    if (event.error) this.error = event.error.message;
  }
}

export type StartTrainingInput = MethodInput<'startTraining'>;
type Schedule = (callback: () => void) => void;

/** Redraws at most once a frame; a hidden page has no frames, so it falls back to a timer. */
const nextFrame: Schedule = (callback) => {
  if (typeof document !== 'undefined' && document.visibilityState === 'visible') requestAnimationFrame(() => callback());
  else setTimeout(callback, 250);
};

/**
 * The session's training jobs. Progress events are queued and applied once per animation frame, so
 * however fast the host reports, the page redraws at most at the display's rate.
 */
export class TrainingJobs {
  jobs = $state.raw<TrainingJob[]>([]);

  readonly #client: FirthClient;
  readonly #report: (error: unknown) => void;
  readonly #schedule: Schedule;
  // Deliberately not reactive: the queue is read once a frame, never by a template.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pending = new Map<string, ProgressEvent[]>();
  #flushScheduled = false;
  /** A job's first events can overtake the reply that names it: they wait while a start is in flight. */
  #starting = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #earlyFinished = new Map<string, EventPayload<'jobFinished'>>();
  #finishedListeners: ((job: TrainingJob) => void)[] = [];

  constructor(client: FirthClient, report: (error: unknown) => void, schedule: Schedule = nextFrame) {
    this.#client = client;
    this.#report = report;
    this.#schedule = schedule;
  }

  /** Follows the service's progress and jobFinished events; returns the unsubscribe. */
  listen(): () => void {
    const offProgress = this.#client.on('progress', (event) => this.#queue(event));
    const offFinished = this.#client.on('jobFinished', (event) => this.#finished(event));
    const offStarted = this.#client.on('jobStarted', (event) => {
      const job = this.#find(event.jobId);
      if (job?.status === 'queued') job.status = 'running';
    });
    return () => {
      offProgress();
      offFinished();
      offStarted();
    };
  }

  /** Calls `listener` when a job of this session ends, after its row shows how; returns the unsubscribe. */
  onFinished(listener: (job: TrainingJob) => void): () => void {
    this.#finishedListeners.push(listener);
    return () => {
      this.#finishedListeners = this.#finishedListeners.filter((candidate) => candidate !== listener);
    };
  }

  forProject(projectId: string): TrainingJob[] {
    return this.jobs.filter((job) => job.projectId === projectId);
  }

  /** Starts a job; a refused field comes back keyed like the form's fields, anything else becomes a notice. */
  async start(projectId: string, input: StartTrainingInput): Promise<{ fieldErrors: Record<string, string> } | null> {
    this.#starting++;
    try {
      const { jobId, position } = await this.#client.startTraining(input);
      // Jobs run one at a time: a later one waits, and jobStarted says when it runs.
      const job = new TrainingJob(jobId, projectId, input.model, input.out, position > 0 ? 'queued' : 'running');
      this.jobs = [job, ...this.jobs];
      const finished = this.#earlyFinished.get(jobId);
      if (finished) {
        this.#earlyFinished.delete(jobId);
        this.#flush();
        this.#end(job, finished);
      }
      return null;
    } catch (error) {
      if (error instanceof FirthError && error.where?.field) return { fieldErrors: { [errorFieldKey(error.where.field)]: error.message } };
      this.#report(error);
      return null;
    } finally {
      this.#starting--;
    }
  }

  async cancel(job: TrainingJob): Promise<void> {
    if (job.status !== 'running' && job.status !== 'queued') return;
    job.status = 'cancelling';
    try {
      const { cancelled } = await this.#client.cancelJob({ jobId: job.jobId });
      // Already over: its jobFinished event says how it ended.
      if (!cancelled && job.status === 'cancelling') job.status = 'running';
    } catch (error) {
      if (job.status === 'cancelling') job.status = 'running';
      this.#report(error);
    }
  }

  #find(jobId: string): TrainingJob | undefined {
    return this.jobs.find((job) => job.jobId === jobId);
  }

  #queue(event: ProgressEvent): void {
    const queued = this.#pending.get(event.jobId);
    if (queued) queued.push(event);
    else this.#pending.set(event.jobId, [event]);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    this.#schedule(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    for (const [jobId, events] of this.#pending) {
      const job = this.#find(jobId);
      if (job) job.applyProgress(events);
      // Another window's job, or one whose start reply has not come yet.
      if (job || this.#starting === 0) this.#pending.delete(jobId);
    }
  }

  #finished(event: EventPayload<'jobFinished'>): void {
    const job = this.#find(event.jobId);
    if (!job) {
      if (this.#starting > 0) this.#earlyFinished.set(event.jobId, event);
      return;
    }
    // Reports still queued belong before the end.
    this.#flush();
    this.#end(job, event);
  }

  #end(job: TrainingJob, event: EventPayload<'jobFinished'>): void {
    job.finish(event);
    for (const listener of this.#finishedListeners) listener(job);
  }
}
