import { GPU } from 'gpu.js';
import type { BackendInfo } from '../../../shared/compute';
import { FirthError } from '../../../shared/errors';
import type { Kernels } from '../kernels';
import { checkMatmulShape } from '../matmul-shape';
import { installWebGpu } from '../webgpu/adapter';
import { GpujsMatmul } from './matmul';

export interface GpujsKernelsOptions {
  /** webasm: gpu.js's worker threads. */
  threadCount?: number;
  /** webgpu, tests only: let gpu.js use a software adapter (SwiftShader). */
  allowSoftwareAdapter?: boolean;
}

/**
 * Kernels written for gpu.js, on its 'webgpu' mode (the gpu backend) or its 'webasm' mode. The
 * caller has already checked with detectBackends that the mode can run here.
 */
export async function createGpujsKernels(backend: BackendInfo, mode: 'webgpu' | 'webasm', options: GpujsKernelsOptions = {}): Promise<Kernels> {
  if (mode === 'webgpu') await installWebGpu({ allowSoftwareAdapter: options.allowSoftwareAdapter });
  const gpu = new GPU({ mode });
  const matmul = new GpujsMatmul(gpu, mode === 'webasm' ? options.threadCount : undefined);
  let disposed = false;
  return {
    backend,
    async matmul(a, b, m, k, n) {
      if (disposed) throw new FirthError('cancelled', `${backend.name} backend: the kernels were disposed`);
      checkMatmulShape(a, b, m, k, n);
      return matmul.run(a, b, m, k, n);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      matmul.dispose();
      // Stops gpu.js's webasm worker pool. The WebGPU device is gpu.js's process-wide singleton,
      // shared with any other GPU instance, so it stays.
      await gpu.destroy();
    },
  };
}
