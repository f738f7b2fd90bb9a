import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Comparison } from '../../shared/compare';
import type { BackendChoice } from '../../shared/compute';
import type { MethodOutput, MethodParams } from '../../shared/contract';
import { FirthError } from '../../shared/errors';
import type { EventHub } from '../event-hub';
import { TaskWorker } from '../jobs/task-worker';
import type { ComparisonOpened } from './comparison-task';

/** Comparisons kept open at once: each holds two spaces and their neighbour lists in a thread. */
const keptOpen = 2;

export interface ComparisonOptions {
  backend: BackendChoice;
  threads?: number;
  allowSoftwareAdapter?: boolean;
}

function checkSpace(side: 'a' | 'b', folder: string): void {
  if (!isAbsolute(folder)) throw new FirthError('invalid-input', `${side}.folder must be an absolute path (got "${folder}")`, { field: `${side}.folder` });
  if (!existsSync(folder)) throw new FirthError('not-found', `${folder} does not exist`, { file: folder, field: `${side}.folder` });
}

/**
 * The open comparisons of the service, each a worker thread holding its spaces (comparison.worker.ts).
 * The oldest is closed when a new one would make more than two; queries to a closed one say so.
 */
export class Comparisons {
  private readonly open = new Map<string, TaskWorker>();

  constructor(private readonly hub: EventHub) {}

  async start(input: MethodParams<'openComparison'>, options: ComparisonOptions): Promise<Comparison> {
    checkSpace('a', input.a.folder);
    checkSpace('b', input.b.folder);
    const comparisonId = randomUUID();
    const worker = new TaskWorker('comparison', import.meta.url, this.hub, options);
    this.open.set(comparisonId, worker);
    try {
      const opened = await worker.run<ComparisonOpened>('open', { a: input.a, b: input.b, top: input.top, ...(input.centre ? { centre: input.centre } : {}) }, input.jobId);
      this.closeOldest();
      return { comparisonId, ...opened };
    } catch (error) {
      this.open.delete(comparisonId);
      await worker.terminate();
      throw error;
    }
  }

  /** Runs one of the worker's queries (neighbors, overlap, alignment, projection). */
  async query<M extends 'compareNeighbors' | 'compareOverlap' | 'compareAlignment' | 'compareProjection'>(
    method: M,
    input: MethodParams<M>,
  ): Promise<MethodOutput<M>> {
    const worker = this.open.get(input.comparisonId);
    if (!worker) throw new FirthError('not-found', 'This comparison was closed (only the two most recent stay open): compare the spaces again', { field: 'comparisonId' });
    const task = { compareNeighbors: 'neighbors', compareOverlap: 'overlap', compareAlignment: 'alignment', compareProjection: 'projection' }[method];
    return worker.run<MethodOutput<M>>(task, input, 'jobId' in input ? input.jobId : undefined);
  }

  cancel(jobId: string): boolean {
    return [...this.open.values()].some((worker) => worker.cancel(jobId));
  }

  async close(comparisonId: string): Promise<boolean> {
    const worker = this.open.get(comparisonId);
    if (!worker) return false;
    this.open.delete(comparisonId);
    await worker.terminate();
    return true;
  }

  async dispose(): Promise<void> {
    const workers = [...this.open.values()];
    this.open.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private closeOldest(): void {
    while (this.open.size > keptOpen) {
      const [oldest] = this.open.keys();
      void this.close(oldest);
    }
  }
}
