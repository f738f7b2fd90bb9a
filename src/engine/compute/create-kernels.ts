import type { BackendChoice, BackendInfo } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import { detectBackends, resolveBackend } from './backends';
import { createCpuKernels } from './cpu/kernels';
import { resolveThreadCount } from './cpu/support';
import { kernelRuntimes } from './kernel-registry';
import type { Kernels } from './kernels';
import { matmulReference } from './reference/matmul';

export interface CreateKernelsOptions {
  /** Tests only: let the gpu backend run on a software WebGPU adapter (SwiftShader). */
  allowSoftwareAdapter?: boolean;
  /** Worker threads for the cpu and webasm backends; 0 or absent = one per core. */
  threads?: number;
}

async function startBackend(backend: BackendInfo, threadCount: number, options: CreateKernelsOptions): Promise<Kernels> {
  const runtime = kernelRuntimes[backend.name];
  if (runtime.kind === 'wasm-pool') return createCpuKernels(threadCount);
  // gpu.js is loaded only when a gpu.js backend runs: it costs memory and start-up time.
  const { createGpujsKernels } = await import('./gpujs/kernels');
  return runtime.mode === 'webgpu'
    ? createGpujsKernels(backend, 'webgpu', { allowSoftwareAdapter: options.allowSoftwareAdapter })
    : createGpujsKernels(backend, 'webasm', { threadCount });
}

/**
 * One small matmul checked against the reference: it pays the first call's costs up front (WebGPU
 * device, shader compile, worker start-up) and catches a driver that runs but computes garbage.
 */
async function checkKernels(kernels: Kernels): Promise<void> {
  const [m, k, n] = [3, 5, 6];
  const a = Float32Array.from({ length: m * k }, (_, index) => ((index * 7) % 11) - 5);
  const b = Float32Array.from({ length: k * n }, (_, index) => ((index * 5) % 13) - 6);
  const expected = matmulReference(a, b, m, k, n);
  const actual = await kernels.matmul(a, b, m, k, n);
  // Small integers: every backend must be exact.
  const wrong = expected.findIndex((value, index) => actual[index] !== value);
  if (wrong >= 0) throw new Error(`a test multiplication gave ${actual[wrong]} where ${expected[wrong]} is right`);
}

async function start(backend: BackendInfo, threadCount: number, options: CreateKernelsOptions): Promise<Kernels> {
  let kernels: Kernels | undefined;
  try {
    kernels = await startBackend(backend, threadCount, options);
    await checkKernels(kernels);
    return kernels;
  } catch (error) {
    await kernels?.dispose().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new FirthError('backend-unavailable', `The ${backend.name} backend (${backend.adapter}) failed to start: ${reason}`, {
      field: 'backend',
    });
  }
}

/**
 * Kernels on the chosen backend, started and checked. A forced backend that cannot run, or fails
 * to start, throws 'backend-unavailable'. `auto` moves on to the next available backend (gpu, then
 * cpu, then webasm) when one fails to start, and throws only when none starts.
 */
export async function createKernels(choice: BackendChoice, options: CreateKernelsOptions = {}): Promise<Kernels> {
  const threadCount = resolveThreadCount(options.threads);
  const infos = await detectBackends({ allowSoftwareAdapter: options.allowSoftwareAdapter, threads: threadCount, choice });
  const first = resolveBackend(choice, infos);
  if (choice !== 'auto') return start(first, threadCount, options);

  const candidates = [first, ...infos.filter((info) => info.available && info !== first && info.name !== 'gpu')];
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      return await start(candidate, threadCount, options);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new FirthError('backend-unavailable', failures.join(' '), { field: 'backend' });
}
