import type { Theorem } from '../../shared/compare';
import type { MethodParams } from '../../shared/contract';
import { FirthError } from '../../shared/errors';
import type { EventHub } from '../event-hub';
import { TaskWorker } from '../jobs/task-worker';
import { hasRunRecord, runRecordPath } from '../runs/run-record';

/** Theorem samples being computed, each in its own thread (theorem.worker.ts), cancellable by jobId. */
export class Theorems {
  private readonly running = new Set<TaskWorker>();

  constructor(
    private readonly hub: EventHub,
    private readonly cacheFolder: string,
  ) {}

  async compute(input: MethodParams<'getTheorem'>): Promise<Theorem> {
    if (!hasRunRecord(input.folder)) {
      throw new FirthError('not-found', `${input.folder} is not a Firth run folder (no run.json): the theorem view needs a trained run`, {
        file: runRecordPath(input.folder),
        field: 'folder',
      });
    }
    const worker = new TaskWorker('theorem', import.meta.url, this.hub, { cacheFolder: this.cacheFolder });
    this.running.add(worker);
    try {
      return await worker.run<Theorem>('theorem', input, input.jobId);
    } finally {
      this.running.delete(worker);
      await worker.terminate();
    }
  }

  cancel(jobId: string): boolean {
    return [...this.running].some((worker) => worker.cancel(jobId));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.running].map((worker) => worker.terminate()));
    this.running.clear();
  }
}
