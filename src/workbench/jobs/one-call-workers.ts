import { TaskWorker } from './task-worker';

/**
 * Task workers that live for one call each (a theorem, an import, an export…): the worker is ended
 * with its call, so the memory the call used goes with it, and cancelJob reaches it until then.
 */
export class OneCallWorkers {
  private readonly running = new Set<TaskWorker>();

  /** Runs `task` on `worker` (made by the caller, whose module the worker's file sits beside), then ends it. */
  async run<T>(worker: TaskWorker, task: string, input: unknown, jobId?: string): Promise<T> {
    this.running.add(worker);
    try {
      return await worker.run<T>(task, input, jobId);
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
