import type { EventHub } from '../event-hub';
import { TaskWorker } from './task-worker';
import type { LongCallInputs, LongCallName, LongCallOutputs } from './long-call-tasks';

/**
 * The service's long calls that answer once (a corpus import, its overview, an evaluation, an
 * export): each runs as a task of a task worker of its own (long-call.worker.ts), so its progress
 * becomes `progress` events under the caller's jobId (with rate and ETA) and cancelJob(jobId) stops
 * it, as for training. The thread ends with the call, and the memory it used with it.
 */
export class LongCalls {
  private readonly running = new Set<TaskWorker>();

  constructor(private readonly hub: EventHub) {}

  async run<N extends LongCallName>(name: N, input: LongCallInputs[N], jobId?: string): Promise<LongCallOutputs[N]> {
    const worker = new TaskWorker('long-call', import.meta.url, this.hub);
    this.running.add(worker);
    try {
      return await worker.run<LongCallOutputs[N]>(name, input, jobId);
    } finally {
      this.running.delete(worker);
      await worker.terminate();
    }
  }

  cancel(jobId: string): boolean {
    return [...this.running].some((worker) => worker.cancel(jobId));
  }

  async dispose(): Promise<void> {
    const workers = [...this.running];
    this.running.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
