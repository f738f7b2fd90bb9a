import { describe, expect, it } from 'vitest';
import { createKernels } from '../../../src/engine/compute';
import { matmulOnPool, splitRows } from '../../../src/engine/compute/cpu/matmul';
import { WasmWorkerPool } from '../../../src/engine/compute/cpu/wasm-pool';
import type { WasmJob } from '../../../src/engine/compute/cpu/wasm-pool-protocol';
import { randomMatrix, relativeTolerance, worstRelativeError } from './fixtures/matrices';

describe('cpu backend threads', () => {
  it('gives bit-identical results on 1 and 2 threads', async () => {
    const one = await createKernels('cpu', { threads: 1 });
    const two = await createKernels('cpu', { threads: 2 });
    try {
      expect(one.backend.adapter).toBe('WebAssembly SIMD, 1 worker thread');
      expect(two.backend.adapter).toBe('WebAssembly SIMD, 2 worker threads');
      for (const [m, k, n] of [[130, 70, 51], [67, 45, 39], [257, 129, 67]]) {
        const a = randomMatrix(m, k, 1);
        const b = randomMatrix(k, n, 2);
        const [c1, c2] = await Promise.all([one.matmul(a, b, m, k, n), two.matmul(a, b, m, k, n)]);
        expect(worstRelativeError(c2, a, b, m, k, n)).toBeLessThanOrEqual(relativeTolerance);
        expect(c2).toEqual(c1);
      }
    } finally {
      await Promise.all([one.dispose(), two.dispose()]);
    }
  });

  it('splits rows into whole 4-row tiles, at most one band per thread', () => {
    expect(splitRows(7, 2)).toEqual([{ start: 0, end: 4 }, { start: 4, end: 7 }]);
    expect(splitRows(3, 4)).toEqual([{ start: 0, end: 3 }]);
    expect(splitRows(100, 3)).toEqual([{ start: 0, end: 32 }, { start: 32, end: 68 }, { start: 68, end: 100 }]);
  });
});

describe('WasmWorkerPool', () => {
  it('grows its shared memory when the matrices do not fit', async () => {
    const pool = await WasmWorkerPool.start(2, ['cpu/matmul']);
    try {
      const before = pool.memory.buffer.byteLength;
      const [m, k, n] = [300, 257, 203];
      const a = randomMatrix(m, k, 3);
      const b = randomMatrix(k, n, 4);
      const c = await matmulOnPool(pool, a, b, m, k, n);
      expect(pool.memory.buffer.byteLength).toBeGreaterThan(before);
      expect(pool.memory.buffer.byteLength).toBeGreaterThanOrEqual((m * k + k * n + m * n) * 4);
      expect(worstRelativeError(c, a, b, m, k, n)).toBeLessThanOrEqual(relativeTolerance);
    } finally {
      await pool.dispose();
    }
  });

  it('rejects a run whose kernel traps, and stays usable', async () => {
    const pool = await WasmWorkerPool.start(1, ['cpu/matmul']);
    try {
      const outOfBounds = 0x7fff0000;
      await expect(
        pool.run([{ module: 'cpu/matmul', exportName: 'matmul', args: [0, 0, outOfBounds, 4, 4, 8, 0, 4] }]),
      ).rejects.toThrow(/a kernel failed: RuntimeError: memory access out of bounds/);
      await expect(pool.run([{ module: 'cpu/matmul', exportName: 'missing', args: [] }])).rejects.toThrow(/no export missing/);
      const a = randomMatrix(5, 6, 5);
      const b = randomMatrix(6, 7, 6);
      expect(worstRelativeError(await matmulOnPool(pool, a, b, 5, 6, 7), a, b, 5, 6, 7)).toBeLessThanOrEqual(relativeTolerance);
    } finally {
      await pool.dispose();
    }
  });

  it('rejects instead of hanging when a worker thread dies', async () => {
    const pool = await WasmWorkerPool.start(2, ['cpu/matmul']);
    try {
      const [m, k, n] = [512, 512, 512];
      const running = matmulOnPool(pool, randomMatrix(m, k, 7), randomMatrix(k, n, 8), m, k, n);
      // Reach the private threads the way a crash would: end one worker from outside.
      const threads = (pool as unknown as { threads: Array<{ worker: { terminate(): Promise<number> } }> }).threads;
      await threads[1].worker.terminate();
      await expect(running).rejects.toThrow(/worker thread exited unexpectedly/);
      await expect(matmulOnPool(pool, randomMatrix(4, 4, 9), randomMatrix(4, 4, 10), 4, 4, 4)).rejects.toThrow(/exited unexpectedly/);
    } finally {
      await pool.dispose();
    }
  });

  it('runs a job on one thread alone (runOn) while the other threads go on, and names a thread it does not have', async () => {
    const pool = await WasmWorkerPool.start(2, ['cpu/matmul']);
    try {
      const failing: WasmJob = { module: 'cpu/matmul', exportName: 'missing', args: [] };
      // Thread 1's failing job rejects on its own; thread 0 is not involved.
      await expect(pool.runOn(1, failing)).rejects.toThrow(/no export missing/);
      expect(() => pool.runOn(2, failing)).toThrow(/no thread 2 among 2/);
      const a = randomMatrix(5, 6, 11);
      const b = randomMatrix(6, 7, 12);
      expect(worstRelativeError(await matmulOnPool(pool, a, b, 5, 6, 7), a, b, 5, 6, 7)).toBeLessThanOrEqual(relativeTolerance);
    } finally {
      await pool.dispose();
    }
  });

  it('rejects calls after dispose', async () => {
    const kernels = await createKernels('cpu', { threads: 1 });
    await kernels.dispose();
    await kernels.dispose();
    await expect(kernels.matmul(new Float32Array(4), new Float32Array(4), 2, 2, 2)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
