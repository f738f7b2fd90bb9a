import type { EventHub } from '../event-hub';
import { OneCallWorkers } from './one-call-workers';
import { TaskWorker } from './task-worker';
import type { LongCallInputs, LongCallName, LongCallOutputs } from './long-call-tasks';

/**
 * The service's long calls that answer once (a corpus import, its overview, an evaluation, an
 * export): each runs as a task of a task worker of its own (long-call.worker.ts), so its progress
 * becomes `progress` events under the caller's jobId (with rate and ETA) and cancelJob(jobId) stops
 * it, as for training. The thread ends with the call, and the memory it used with it.
 */
export class LongCalls {
  private readonly workers = new OneCallWorkers();

  constructor(private readonly hub: EventHub) {}

  run<N extends LongCallName>(name: N, input: LongCallInputs[N], jobId?: string): Promise<LongCallOutputs[N]> {
    return this.workers.run<LongCallOutputs[N]>(new TaskWorker('long-call', import.meta.url, this.hub), name, input, jobId);
  }

  cancel(jobId: string): boolean {
    return this.workers.cancel(jobId);
  }

  dispose(): Promise<void> {
    return this.workers.dispose();
  }
}
