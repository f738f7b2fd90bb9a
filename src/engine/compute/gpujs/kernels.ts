import { GPU } from 'gpu.js';
import type { BackendInfo } from '../../../shared/compute';
import { FirthError } from '../../../shared/errors';
import { checkCsr, type CsrMatrix } from '../csr';
import { createMatmulBasis } from '../dense-basis';
import type { Kernels, PreparedSparse } from '../kernels';
import { checkGramShape, checkMatmulShape } from '../matmul-shape';
import { checkSparseTimesDenseShape } from '../sparse-shape';
import { installWebGpu } from '../webgpu/adapter';
import { GpujsMatmul } from './matmul';
import { GpujsSgnsNegativeCells } from './sgns-cells';
import { createGpujsResidentSgnsPass, residentSgnsPassFits } from './mf-sgns-pass';
import type { ResidentSgnsPass } from '../sgns-matrix-tiles';
import { checkSgnsCellsShape } from '../sgns-cells-shape';
import { checkGpujsLimits, GpujsSparseTimesDense, toGpujsCsr, toGpujsTransposedCsr, type GpujsCsr } from './sparse-times-dense';

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
  const poolSize = mode === 'webasm' ? options.threadCount : undefined;
  const matmul = new GpujsMatmul(gpu, poolSize);
  const sparse = new GpujsSparseTimesDense(gpu, poolSize);
  const negativeCells = new GpujsSgnsNegativeCells(gpu, poolSize);
  const residentPasses: ResidentSgnsPass[] = [];
  let disposed = false;

  const checkLive = () => {
    if (disposed) throw new FirthError('cancelled', `${backend.name} backend: the kernels were disposed`);
  };

  /** M·X where M is A (transpose false) or Aᵀ, converted to the kernel's form by `form` once per handle. */
  const multiply = (matrix: CsrMatrix, form: () => GpujsCsr, x: Float32Array, n: number, transpose: boolean) => {
    checkLive();
    checkSparseTimesDenseShape(matrix, x, n, transpose);
    const [rows, columns] = transpose ? [matrix.columns, matrix.rows] : [matrix.rows, matrix.columns];
    checkGpujsLimits(rows, columns, matrix.values.length, n);
    return sparse.run(form(), x, n);
  };

  return {
    backend,
    async matmul(a, b, m, k, n) {
      checkLive();
      checkMatmulShape(a, b, m, k, n);
      return matmul.run(a, b, m, k, n);
    },
    async gram(a, m, n) {
      checkLive();
      checkGramShape(a, m, n);
      // AᵀA as the matmul of Aᵀ (transposed here) and A; mirrored so that it is exactly symmetric.
      const transposed = new Float32Array(m * n);
      for (let row = 0; row < m; row++) {
        for (let column = 0; column < n; column++) transposed[column * m + row] = a[row * n + column];
      }
      const g = Float64Array.from(await matmul.run(transposed, a, n, m, n));
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i];
      return g;
    },
    async sparseTimesDense(matrix, x, n) {
      return multiply(matrix, () => toGpujsCsr(matrix), x, n, false);
    },
    async sparseTransposeTimesDense(matrix, x, n) {
      return multiply(matrix, () => toGpujsTransposedCsr(matrix), x, n, true);
    },
    async sgnsNegativeCells(scores, m, n, negativeRows, probabilities) {
      checkLive();
      checkSgnsCellsShape(scores, m, n, negativeRows, probabilities);
      return negativeCells.run(scores, m, n, negativeRows, probabilities);
    },
    async residentSgnsPass(problem) {
      checkLive();
      // webasm hands pipeline results back as host arrays: there is no device to keep anything on.
      if (mode !== 'webgpu' || !residentSgnsPassFits(problem.shardStart, problem.dimensions)) return undefined;
      const pass = await createGpujsResidentSgnsPass(gpu, problem);
      residentPasses.push(pass);
      return pass;
    },
    async prepareSparse(matrix) {
      checkLive();
      checkCsr(matrix);
      // gpu.js keeps nothing on the device between calls (docs/kernels.md, gpu.js pitfall 5): what a handle can
      // keep is the kernel's form of A and Aᵀ, made once instead of on every product.
      let forward: GpujsCsr | undefined;
      let transposed: GpujsCsr | undefined;
      let released = false;
      const checkHeld = () => {
        if (released) throw new FirthError('cancelled', `${backend.name} backend: this sparse matrix was released`);
      };
      const prepared: PreparedSparse = {
        rows: matrix.rows,
        columns: matrix.columns,
        async timesDense(x, n) {
          checkHeld();
          return multiply(matrix, () => (forward ??= toGpujsCsr(matrix)), x, n, false);
        },
        async transposeTimesDense(x, n) {
          checkHeld();
          return multiply(matrix, () => (transposed ??= toGpujsTransposedCsr(matrix)), x, n, true);
        },
        async release() {
          released = true;
          forward = undefined;
          transposed = undefined;
        },
      };
      return prepared;
    },
    async createBasis(rows, maxColumns) {
      checkLive();
      return createMatmulBasis(rows, maxColumns, async (a, b, m, k, n) => {
        checkLive();
        return matmul.run(a, b, m, k, n);
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      matmul.dispose();
      sparse.dispose();
      negativeCells.dispose();
      for (const pass of residentPasses) pass.dispose();
      // Stops gpu.js's webasm worker pool. The WebGPU device is gpu.js's process-wide singleton,
      // shared with any other GPU instance, so it stays.
      await gpu.destroy();
    },
  };
}
