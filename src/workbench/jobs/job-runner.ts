import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { EventPayload } from '../../shared/contract';
import { ProgressEstimator } from '../../shared/progress';
import { spawnWorker } from '../../engine/workers/spawn-worker';
import type { EventHub } from '../event-hub';
import type { TrainingJobRequest, TrainingWorkerMessage } from './training-job';

/** A cancelled job that has not stopped by then is terminated: cancel must always work. */
const cancelGraceMs = 5000;

interface RunningJob {
  worker: Worker;
  out: string;
  cancelRequested: boolean;
}

/**
 * Runs training jobs in worker threads and turns what they report into the service's `progress`,
 * `jobStarted` and `jobFinished` events (with rate and ETA). Every trainer already uses all cores,
 * so jobs run `concurrency` at a time (one by default) and the rest wait in order.
 */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly queue: { jobId: string; request: TrainingJobRequest }[] = [];

  constructor(
    private readonly hub: EventHub,
    private readonly concurrency = 1,
  ) {}

  /** Queues a job; returns its id and its place (0: started at once). */
  start(request: TrainingJobRequest): { jobId: string; position: number } {
    const jobId = randomUUID();
    if (this.jobs.size < this.concurrency) {
      this.launch(jobId, request);
      return { jobId, position: 0 };
    }
    this.queue.push({ jobId, request });
    return { jobId, position: this.queue.length };
  }

  private launch(jobId: string, request: TrainingJobRequest): void {
    const worker = spawnWorker('training', import.meta.url, { workerData: request, name: `firth-job-${jobId.slice(0, 8)}` });
    const job: RunningJob = { worker, out: request.out, cancelRequested: false };
    this.jobs.set(jobId, job);
    const estimator = new ProgressEstimator();
    let finished = false;
    const finish = (payload: Omit<EventPayload<'jobFinished'>, 'jobId'>) => {
      if (finished) return;
      finished = true;
      this.jobs.delete(jobId);
      this.hub.emit('jobFinished', { jobId, ...payload });
      this.startNext();
    };
    worker.on('message', (message: TrainingWorkerMessage) => {
      if (message.type === 'progress') {
        const { rate, etaMs } = estimator.update(message.progress, Date.now());
        const { phase, done, total, unit, details } = message.progress;
        this.hub.emit('progress', { jobId, phase, done, total, unit, rate, ...(etaMs === undefined ? {} : { etaMs }), ...(details ? { details } : {}) });
      } else if (message.type === 'done') {
        finish({ status: 'done', out: request.out, record: message.record as unknown as Record<string, unknown> });
      } else {
        finish({ status: message.error.code === 'cancelled' ? 'cancelled' : 'failed', error: message.error });
      }
    });
    worker.on('error', (error) => finish({ status: 'failed', error: { code: 'internal', message: `The training thread failed: ${error.message}` } }));
    worker.on('exit', () =>
      finish(job.cancelRequested ? { status: 'cancelled' } : { status: 'failed', error: { code: 'internal', message: 'The training thread stopped without a result' } }),
    );
  }

  private startNext(): void {
    while (this.jobs.size < this.concurrency && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.launch(next.jobId, next.request);
      this.hub.emit('jobStarted', { jobId: next.jobId });
    }
  }

  cancel(jobId: string): boolean {
    const waiting = this.queue.findIndex((entry) => entry.jobId === jobId);
    if (waiting >= 0) {
      // A job that never started ends at once: nothing was written.
      this.queue.splice(waiting, 1);
      this.hub.emit('jobFinished', { jobId, status: 'cancelled' });
      return true;
    }
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.cancelRequested = true;
    job.worker.postMessage({ type: 'cancel' });
    setTimeout(() => void job.worker.terminate(), cancelGraceMs).unref();
    return true;
  }

  /** Stops every job (the app or host is closing). */
  async dispose(): Promise<void> {
    this.queue.length = 0;
    await Promise.all([...this.jobs.values()].map((job) => job.worker.terminate()));
    this.jobs.clear();
  }

  /** Whether a running job is writing this run folder. */
  isWriting(out: string): boolean {
    return [...this.jobs.values()].some((job) => job.out === out) || this.queue.some((entry) => entry.request.out === out);
  }

  get running(): number {
    return this.jobs.size;
  }
}
