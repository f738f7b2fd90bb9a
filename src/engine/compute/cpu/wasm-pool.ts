import type { Worker } from 'node:worker_threads';
import { FirthError } from '../../../shared/errors';
import { spawnWorker } from '../../workers/spawn-worker';
import { compileWasmModule, type WasmModuleName } from './wasm-modules';
import type { WasmJob, WasmJobRequest, WasmWorkerReply, WasmWorkerSetup } from './wasm-pool-protocol';
import { webAssembly, type WasmMemory } from './webassembly';

const pageBytes = 65536;

/**
 * The largest memory (65536 pages = 4 GiB, all wasm32 can address). A shared memory cannot move, so
 * its maximum is fixed when it is made, and every .wat that imports env.memory must declare this
 * same maximum or instantiation fails.
 */
export const wasmMemoryMaximumPages = 65536;

interface ResidentBlock {
  offset: number;
  bytes: number;
}

function alignTo16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

interface PendingJob {
  resolve(): void;
  reject(error: Error): void;
}

interface PoolThread {
  worker: Worker;
  pending: Map<number, PendingJob>;
}

function poolError(message: string): FirthError {
  return new FirthError('internal', `cpu backend: ${message}`);
}

/**
 * Worker threads that run WebAssembly kernels over one shared memory. The caller lays its matrices
 * out in `memory`, sends one job per thread (each a band of the output), and reads the result back.
 *
 * Threads hold the event loop only while they have jobs, so a process that forgets dispose() still
 * exits. A trap inside a job rejects that run; a thread that dies breaks the pool, and every run
 * after that rejects with the cause instead of waiting for an answer that will never come.
 */
export class WasmWorkerPool {
  readonly memory: WasmMemory;
  private readonly threads: PoolThread[];
  private nextJobId = 1;
  private failure: Error | undefined;
  private disposed = false;
  private queueTail: Promise<unknown> = Promise.resolve();
  /** Blocks that stay put between calls (a sparse matrix reused by many products), by offset. */
  private readonly residentBlocks: ResidentBlock[] = [];

  private constructor(memory: WasmMemory, threads: PoolThread[]) {
    this.memory = memory;
    this.threads = threads;
  }

  /** Starts `threadCount` workers with `modules` instantiated in each, and waits until all are ready. */
  static async start(threadCount: number, modules: WasmModuleName[]): Promise<WasmWorkerPool> {
    if (!webAssembly) throw poolError('this runtime has no WebAssembly');
    const setup: WasmWorkerSetup = {
      memory: new webAssembly.Memory({ initial: 1, maximum: wasmMemoryMaximumPages, shared: true }),
      modules: {},
    };
    for (const name of modules) setup.modules[name] = await compileWasmModule(name);

    const threads: PoolThread[] = [];
    const ready: Promise<void>[] = [];
    for (let index = 0; index < threadCount; index++) {
      const worker = spawnWorker('wasm-pool', import.meta.url, {
        workerData: setup,
        name: `firth-cpu-${index}`,
      });
      threads.push({ worker, pending: new Map() });
      ready.push(
        new Promise<void>((resolve, reject) => {
          const onMessage = (reply: WasmWorkerReply) => {
            if (reply.type !== 'ready') return;
            worker.off('error', onError).off('exit', onExit).off('message', onMessage);
            resolve();
          };
          const onError = (error: Error) => reject(poolError(`a worker thread failed to start: ${error.message}`));
          const onExit = (code: number) => reject(poolError(`a worker thread exited while starting (exit code ${code})`));
          worker.on('message', onMessage).once('error', onError).once('exit', onExit);
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      await Promise.all(threads.map((thread) => thread.worker.terminate()));
      throw error;
    }
    const pool = new WasmWorkerPool(setup.memory, threads);
    for (const thread of threads) pool.watch(thread);
    return pool;
  }

  get threadCount(): number {
    return this.threads.length;
  }

  /** Grows the shared memory (never shrinks it) so that it holds at least `bytes`. */
  reserve(bytes: number): void {
    const neededPages = Math.ceil(bytes / pageBytes);
    const currentPages = this.memory.buffer.byteLength / pageBytes;
    if (neededPages <= currentPages) return;
    if (neededPages > wasmMemoryMaximumPages) {
      throw new FirthError(
        'invalid-input',
        `the cpu backend can hold at most 4 GiB of matrices at once; this call needs ${(bytes / 2 ** 30).toFixed(1)} GiB`,
      );
    }
    try {
      this.memory.grow(neededPages - currentPages);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw poolError(`could not grow its memory to ${Math.ceil(bytes / 2 ** 20)} MiB: ${reason}`);
    }
  }

  /**
   * Where a call may lay out its matrices: past every resident block, 16-byte aligned. Calls use the
   * memory from here on freely, inside exclusive().
   */
  get scratchOffset(): number {
    let end = 0;
    for (const block of this.residentBlocks) end = Math.max(end, block.offset + block.bytes);
    return alignTo16(end);
  }

  /**
   * Sets aside `bytes` (16-byte aligned) that no call's scratch overwrites until freeResident, in the
   * first gap that fits or else at the end, and grows the memory to hold it. Call it inside
   * exclusive(), like every other use of the memory: the block may take space a call's scratch held.
   */
  allocateResident(bytes: number): number {
    const size = alignTo16(Math.max(bytes, 1));
    let offset = 0;
    for (const block of this.residentBlocks) {
      if (block.offset - offset >= size) break;
      offset = alignTo16(block.offset + block.bytes);
    }
    this.reserve(offset + size);
    this.residentBlocks.push({ offset, bytes: size });
    this.residentBlocks.sort((left, right) => left.offset - right.offset);
    return offset;
  }

  /** Returns a block from allocateResident; its space becomes scratch again. */
  freeResident(offset: number): void {
    const index = this.residentBlocks.findIndex((block) => block.offset === offset);
    if (index >= 0) this.residentBlocks.splice(index, 1);
  }

  /**
   * Runs `task` once every task queued before it has settled. Callers lay out, run and read back
   * inside one task, so two calls never overwrite each other's matrices in the shared memory.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queueTail.then(task);
    this.queueTail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs jobs[i] on thread i and resolves when all are done. Waits for every job to settle even when
   * one fails, so no thread is still writing the memory when the caller moves on.
   */
  async run(jobs: WasmJob[]): Promise<void> {
    if (jobs.length > this.threads.length) throw poolError(`${jobs.length} jobs for ${this.threads.length} threads`);
    const outcomes = await Promise.allSettled(jobs.map((job, index) => this.send(this.threads[index], job)));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Runs `job` on thread `index` alone, after the jobs already sent to that thread; the other
   * threads go on with theirs. For callers that pace each thread on its own (co-occurrence counting).
   */
  runOn(index: number, job: WasmJob): Promise<void> {
    if (index < 0 || index >= this.threads.length) throw poolError(`no thread ${index} among ${this.threads.length}`);
    return this.send(this.threads[index], job);
  }

  /** Stops every thread. Jobs still waiting reject; later runs reject. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.fail(new FirthError('cancelled', 'cpu backend: the kernels were disposed'));
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private send(thread: PoolThread, job: WasmJob): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextJobId++;
    return new Promise<void>((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      const request: WasmJobRequest = { id, ...job };
      thread.worker.postMessage(request);
    });
  }

  private settle(thread: PoolThread, id: number, error?: Error): void {
    const job = thread.pending.get(id);
    if (!job) return;
    thread.pending.delete(id);
    if (thread.pending.size === 0) thread.worker.unref();
    if (error) job.reject(error);
    else job.resolve();
  }

  private watch(thread: PoolThread): void {
    thread.worker.unref();
    thread.worker.on('message', (reply: WasmWorkerReply) => {
      if (reply.type === 'done') this.settle(thread, reply.id);
      else if (reply.type === 'failed') this.settle(thread, reply.id, poolError(`a kernel failed: ${reply.message}`));
    });
    thread.worker.on('error', (error: Error) => this.fail(poolError(`a worker thread crashed: ${error.message}`)));
    thread.worker.on('exit', (code: number) => {
      if (!this.disposed) this.fail(poolError(`a worker thread exited unexpectedly (exit code ${code})`));
    });
  }

  /** Breaks the pool: rejects every job in flight on every thread, and every later run. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const thread of this.threads) {
      for (const id of [...thread.pending.keys()]) this.settle(thread, id, this.failure);
    }
  }
}
