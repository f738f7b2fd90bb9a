import type { BackendName } from '../../shared/compute';

/** gpu.js's two modes Firth uses: WebGPU (Dawn) and its WebAssembly mode. */
export type GpujsMode = 'webgpu' | 'webasm';

/**
 * What runs a backend's kernels: the cpu backend runs Firth's own WebAssembly SIMD modules
 * (`cpu/*.wat`) on a worker pool over shared memory; gpu and webasm run the gpu.js kernels
 * (`gpujs/*.ts`) in a gpu.js mode.
 */
export type KernelRuntime = { kind: 'wasm-pool' } | { kind: 'gpujs'; mode: GpujsMode };

/**
 * The kernel registry: which kernel implementation each backend runs. Every kernel exists once per
 * runtime (and once in `reference/`, the plain TypeScript the tests hold the others to), so code
 * that trains or multiplies asks here, never tests a backend's name itself.
 */
export const kernelRuntimes: Record<BackendName, KernelRuntime> = {
  cpu: { kind: 'wasm-pool' },
  gpu: { kind: 'gpujs', mode: 'webgpu' },
  webasm: { kind: 'gpujs', mode: 'webasm' },
};
