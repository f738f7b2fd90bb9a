import type { BackendInfo } from '../../shared/compute';

/**
 * The compute kernels of one backend. Every kernel Firth needs (matmul now; sparse×dense and the SGNS
 * steps next) is a method here, implemented once per backend (`gpujs/`, `cpu/`) and tested against
 * its plain-TypeScript version in `reference/`.
 *
 * Matrices are row-major Float32Arrays. Methods may run concurrently; a backend that shares state
 * between calls (the cpu worker pool's memory) queues them. Results are fresh arrays owned by the caller.
 */
export interface Kernels {
  /** The backend these kernels run on, with the adapter text the status bar shows. */
  readonly backend: BackendInfo;

  /** C(m×n) = A(m×k)·B(k×n). */
  matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Promise<Float32Array>;

  /** Frees workers, wasm memory and GPU resources. Idempotent; later calls to a kernel reject. */
  dispose(): Promise<void>;
}
