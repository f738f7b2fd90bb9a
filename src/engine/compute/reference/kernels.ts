import { FirthError } from '../../../shared/errors';
import { checkCsr } from '../csr';
import { createMatmulBasis } from '../dense-basis';
import type { Kernels, PreparedSparse } from '../kernels';
import { checkGramShape, checkMatmulShape } from '../matmul-shape';
import { checkSparseTimesDenseShape } from '../sparse-shape';
import { gramReference } from './gram';
import { matmulReference } from './matmul';
import { sgnsNegativeCellsReference } from './sgns-cells';
import { checkSgnsCellsShape } from '../sgns-cells-shape';
import { sparseTimesDenseReference, sparseTransposeTimesDenseReference } from './sparse-times-dense';

/**
 * Every kernel as its plain-TypeScript reference (float64 sums, one thread, no workers): for tests
 * of code built on kernels (the SVD, evaluation) that want exact-as-possible answers on tiny inputs
 * without starting a backend. It reports itself as the cpu backend; dispose() only stops it.
 */
export function createReferenceKernels(): Kernels {
  let disposed = false;
  const checkLive = () => {
    if (disposed) throw new FirthError('cancelled', 'reference kernels: the kernels were disposed');
  };
  return {
    backend: { name: 'cpu', available: true, adapter: 'plain TypeScript reference (float64, 1 thread)' },
    async matmul(a, b, m, k, n) {
      checkLive();
      checkMatmulShape(a, b, m, k, n);
      return matmulReference(a, b, m, k, n);
    },
    async gram(a, m, n) {
      checkLive();
      checkGramShape(a, m, n);
      return gramReference(a, m, n);
    },
    async sparseTimesDense(matrix, x, n) {
      checkLive();
      checkSparseTimesDenseShape(matrix, x, n, false);
      return sparseTimesDenseReference(matrix, x, n);
    },
    async sparseTransposeTimesDense(matrix, x, n) {
      checkLive();
      checkSparseTimesDenseShape(matrix, x, n, true);
      return sparseTransposeTimesDenseReference(matrix, x, n);
    },
    async sgnsNegativeCells(scores, m, n, negativeRows, probabilities) {
      checkLive();
      checkSgnsCellsShape(scores, m, n, negativeRows, probabilities);
      return sgnsNegativeCellsReference(scores, m, n, negativeRows, probabilities);
    },
    async prepareSparse(matrix) {
      checkLive();
      checkCsr(matrix);
      let released = false;
      const checkHeld = () => {
        checkLive();
        if (released) throw new FirthError('cancelled', 'reference kernels: this sparse matrix was released');
      };
      const prepared: PreparedSparse = {
        rows: matrix.rows,
        columns: matrix.columns,
        async timesDense(x, n) {
          checkHeld();
          checkSparseTimesDenseShape(matrix, x, n, false);
          return sparseTimesDenseReference(matrix, x, n);
        },
        async transposeTimesDense(x, n) {
          checkHeld();
          checkSparseTimesDenseShape(matrix, x, n, true);
          return sparseTransposeTimesDenseReference(matrix, x, n);
        },
        async release() {
          released = true;
        },
      };
      return prepared;
    },
    async createBasis(rows, maxColumns) {
      checkLive();
      return createMatmulBasis(rows, maxColumns, async (a, b, m, k, n) => {
        checkLive();
        return matmulReference(a, b, m, k, n);
      });
    },
    async dispose() {
      disposed = true;
    },
  };
}
