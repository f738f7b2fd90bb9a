import type { Theorem } from '../../shared/compare';
import type { MethodParams } from '../../shared/contract';
import { FirthError } from '../../shared/errors';
import type { EventHub } from '../event-hub';
import { OneCallWorkers } from '../jobs/one-call-workers';
import { TaskWorker } from '../jobs/task-worker';
import { hasRunRecord, runRecordPath } from '../runs/run-record';

/** Theorem samples being computed, each in its own thread (theorem.worker.ts), cancellable by jobId. */
export class Theorems {
  private readonly workers = new OneCallWorkers();

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
    return this.workers.run<Theorem>(new TaskWorker('theorem', import.meta.url, this.hub, { cacheFolder: this.cacheFolder }), 'theorem', input, input.jobId);
  }

  cancel(jobId: string): boolean {
    return this.workers.cancel(jobId);
  }

  dispose(): Promise<void> {
    return this.workers.dispose();
  }
}
