import type { BackendInfo } from '../../../shared/compute';
import type { Kernels } from '../kernels';
import { checkMatmulShape } from '../matmul-shape';
import { matmulOnPool } from './matmul';
import { WasmWorkerPool } from './wasm-pool';

/** Status bar text for the cpu backend. */
export function describeCpuBackend(threadCount: number): string {
  return `WebAssembly SIMD, ${threadCount} worker thread${threadCount === 1 ? '' : 's'}`;
}

/** The native cpu backend: hand-written WebAssembly SIMD kernels on `threadCount` worker threads. */
export async function createCpuKernels(threadCount: number): Promise<Kernels> {
  const pool = await WasmWorkerPool.start(threadCount, ['cpu/matmul']);
  const backend: BackendInfo = { name: 'cpu', available: true, adapter: describeCpuBackend(threadCount) };
  return {
    backend,
    async matmul(a, b, m, k, n) {
      checkMatmulShape(a, b, m, k, n);
      return matmulOnPool(pool, a, b, m, k, n);
    },
    dispose: () => pool.dispose(),
  };
}
