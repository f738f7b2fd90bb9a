import type { Worker } from 'node:worker_threads';
import { deserializeError, FirthError } from '../../shared/errors';
import { ProgressEstimator } from '../../shared/progress';
import { spawnWorker } from '../../engine/workers/spawn-worker';
import type { EventHub } from '../event-hub';
import type { TaskControlMessage, TaskWorkerMessage } from './task-protocol';

/** A cancelled task whose worker does not answer by then has the worker terminated. */
const cancelGraceMs = 5000;

interface PendingTask {
  jobId?: string;
  estimator: ProgressEstimator;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Service side of a task worker (task-server.ts): `run` sends a request and resolves with its
 * result; progress becomes the service's `progress` event under the caller's jobId, so the page
 * can show rate and ETA and cancel it with cancelJob like a training job.
 */
export class TaskWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingTask>();
  private nextTaskId = 1;
  private ended = false;

  constructor(
    name: string,
    callerUrl: string,
    private readonly hub: EventHub,
    workerData?: unknown,
  ) {
    this.worker = spawnWorker(name, callerUrl, { workerData, name: `firth-${name}` });
    this.worker.on('message', (message: TaskWorkerMessage) => this.receive(message));
    const fail = (error: Error) => this.end(error);
    this.worker.on('error', (error) => fail(new FirthError('internal', `The ${name} thread failed: ${error.message}`)));
    this.worker.on('exit', () => fail(new FirthError('internal', `The ${name} thread stopped without a result`)));
  }

  run<T>(method: string, input: unknown, jobId?: string): Promise<T> {
    if (this.ended) return Promise.reject(new FirthError('not-found', 'This worker has stopped; open it again'));
    const taskId = this.nextTaskId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(taskId, { jobId, estimator: new ProgressEstimator(), resolve: resolve as (result: unknown) => void, reject });
      this.post({ type: 'run', taskId, method, input });
    });
  }

  /** Cancels the task started under this jobId; false when none is running here. */
  cancel(jobId: string): boolean {
    for (const [taskId, task] of this.pending) {
      if (task.jobId !== jobId) continue;
      this.post({ type: 'cancel', taskId });
      setTimeout(() => {
        if (this.pending.has(taskId)) void this.terminate();
      }, cancelGraceMs).unref();
      return true;
    }
    return false;
  }

  /** The thread ended (terminated, or it failed): every later run is refused. */
  get stopped(): boolean {
    return this.ended;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  async terminate(): Promise<void> {
    this.end(new FirthError('cancelled', 'Cancelled'));
    await this.worker.terminate();
  }

  private post(message: TaskControlMessage): void {
    this.worker.postMessage(message);
  }

  private receive(message: TaskWorkerMessage): void {
    const task = this.pending.get(message.taskId);
    if (!task) return;
    if (message.type === 'progress') {
      if (!task.jobId) return;
      const { rate, etaMs } = task.estimator.update(message.progress, Date.now());
      const { phase, done, total, unit, details } = message.progress;
      this.hub.emit('progress', { jobId: task.jobId, phase, done, total, unit, rate, ...(etaMs === undefined ? {} : { etaMs }), ...(details ? { details } : {}) });
      return;
    }
    this.pending.delete(message.taskId);
    if (message.type === 'result') task.resolve(message.result);
    else task.reject(deserializeError(message.error));
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    for (const task of this.pending.values()) task.reject(error);
    this.pending.clear();
  }
}
