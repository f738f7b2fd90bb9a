import type { BackendInfo } from '../../../shared/compute';
import { checkCsr } from '../csr';
import type { Kernels } from '../kernels';
import { checkGramShape, checkMatmulShape } from '../matmul-shape';
import { checkSparseTimesDenseShape } from '../sparse-shape';
import { createBasisOnPool } from './dense-basis';
import { gramOnPool } from './gram';
import { matmulOnPool } from './matmul';
import { sgnsNegativeCellsOnPool } from './sgns-cells';
import { checkSgnsCellsShape } from '../sgns-cells-shape';
import { prepareSparseOnPool, sparseTimesDenseOnPool } from './sparse-times-dense';
import { describeCpuBackend } from './support';
import { WasmWorkerPool } from './wasm-pool';

/** The native cpu backend: hand-written WebAssembly SIMD kernels on `threadCount` worker threads. */
export async function createCpuKernels(threadCount: number): Promise<Kernels> {
  const pool = await WasmWorkerPool.start(threadCount, ['cpu/matmul', 'cpu/gram', 'cpu/sparse-times-dense', 'cpu/dense-basis', 'cpu/sgns-cells']);
  const backend: BackendInfo = { name: 'cpu', available: true, adapter: describeCpuBackend(threadCount) };
  return {
    backend,
    async matmul(a, b, m, k, n, into) {
      checkMatmulShape(a, b, m, k, n);
      return matmulOnPool(pool, a, b, m, k, n, into);
    },
    async gram(a, m, n) {
      checkGramShape(a, m, n);
      return gramOnPool(pool, a, m, n);
    },
    async sparseTimesDense(matrix, x, n) {
      checkSparseTimesDenseShape(matrix, x, n, false);
      return sparseTimesDenseOnPool(pool, matrix, x, n, false);
    },
    async sparseTransposeTimesDense(matrix, x, n) {
      checkSparseTimesDenseShape(matrix, x, n, true);
      return sparseTimesDenseOnPool(pool, matrix, x, n, true);
    },
    async prepareSparse(matrix) {
      checkCsr(matrix);
      return prepareSparseOnPool(pool, matrix);
    },
    createBasis: (rows, maxColumns) => createBasisOnPool(pool, rows, maxColumns),
    async sgnsNegativeCells(scores, m, n, negativeRows, probabilities) {
      checkSgnsCellsShape(scores, m, n, negativeRows, probabilities);
      return sgnsNegativeCellsOnPool(pool, scores, m, n, negativeRows, probabilities);
    },
    dispose: () => pool.dispose(),
  };
}
