import type { MethodParams } from '../../shared/contract';
import type { ExploreEvidence } from '../../shared/explore';
import type { EventHub } from '../event-hub';
import { TaskWorker } from '../jobs/task-worker';

/**
 * The service's side of the evidence thread (evidence.worker.ts), started at the first request and
 * kept for the next, which reuse the concordance indexes it holds. A request's index build reports
 * progress under its jobId and stops on cancelJob(jobId); a thread terminated because it did not
 * stop in time is started again by the next request.
 */
export class EvidenceThread {
  private worker: TaskWorker | undefined;

  constructor(
    private readonly hub: EventHub,
    private readonly cacheFolder: string,
  ) {}

  evidence(input: MethodParams<'exploreEvidence'>): Promise<ExploreEvidence> {
    if (!this.worker || this.worker.stopped) this.worker = new TaskWorker('evidence', import.meta.url, this.hub, { cacheFolder: this.cacheFolder });
    return this.worker.run<ExploreEvidence>('evidence', input, input.jobId);
  }

  cancel(jobId: string): boolean {
    return this.worker?.cancel(jobId) ?? false;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
