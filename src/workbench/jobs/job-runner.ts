import { randomUUID } from 'node:crypto';
import type { EventPayload } from '../../shared/contract';
import { serializeError } from '../../shared/errors';
import type { EventHub } from '../event-hub';
import type { RunRecord } from '../runs/run-record';
import { TaskWorker } from './task-worker';
import type { TrainingJobRequest } from './training-job';

interface RunningJob {
  worker: TaskWorker;
  out: string;
}

/**
 * Runs training jobs, each as the `train` task of its own task worker (training.worker.ts): the task
 * worker turns progress into the service's `progress` events (with rate and ETA) and handles cancel;
 * this queue adds `jobStarted` and `jobFinished`. Every trainer already uses all cores, so jobs run
 * `concurrency` at a time (one by default) and the rest wait in order.
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
    const worker = new TaskWorker('training', import.meta.url, this.hub);
    this.jobs.set(jobId, { worker, out: request.out });
    const ended = (payload: Omit<EventPayload<'jobFinished'>, 'jobId'>) => {
      this.jobs.delete(jobId);
      void worker.terminate();
      this.hub.emit('jobFinished', { jobId, ...payload });
      this.startNext();
    };
    worker.run<RunRecord>('train', request, jobId).then(
      (record) => ended({ status: 'done', out: request.out, record: record as unknown as Record<string, unknown> }),
      (error: unknown) => {
        const serialized = serializeError(error);
        ended({ status: serialized.code === 'cancelled' ? 'cancelled' : 'failed', error: serialized });
      },
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
    return this.jobs.get(jobId)?.worker.cancel(jobId) ?? false;
  }

  /** Stops every job (the app or host is closing). */
  async dispose(): Promise<void> {
    this.queue.length = 0;
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    await Promise.all(jobs.map((job) => job.worker.terminate()));
  }

  /** Whether a running job is writing this run folder. */
  isWriting(out: string): boolean {
    return [...this.jobs.values()].some((job) => job.out === out) || this.queue.some((entry) => entry.request.out === out);
  }

  get running(): number {
    return this.jobs.size;
  }
}
