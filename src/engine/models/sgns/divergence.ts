import { FirthError } from '../../../shared/errors';

// SGNS with too high a learning rate does not converge: the vectors grow without bound until they
// overflow to infinity and NaN (and the WebAssembly kernel traps converting one to an index). The
// trainer looks at the tables while it runs and stops at the first sign, so no such run is saved.

/**
 * No trained word or context vector has a component this large: word2vec's vectors stay within a few
 * units, so a value past this means the updates are running away, well before they overflow.
 */
export const divergenceThreshold = 1e4;

/** The first value that is not finite or beyond the threshold, scanning every `rowStep`-th row. */
export function findDivergence(table: Float32Array, rows: number, stride: number, dimensions: number, rowStep = 1): string | undefined {
  for (let row = 0; row < rows; row += rowStep) {
    const start = row * stride;
    for (let index = start; index < start + dimensions; index++) {
      const value = table[index];
      if (!Number.isFinite(value)) return `a vector value became ${value}`;
      if (value > divergenceThreshold || value < -divergenceThreshold) return `a vector value reached ${value.toExponential(1)}`;
    }
  }
  return undefined;
}

/** Whether an error thrown by the kernel is WebAssembly trapping on a NaN or infinite value. */
export function isNumericTrap(error: unknown): boolean {
  return error instanceof Error && /unrepresentable|divide by zero|RuntimeError/i.test(`${error.name} ${error.message}`);
}

export function divergenceError(learningRate: number, epoch: number, reason: string): FirthError {
  return new FirthError(
    'invalid-input',
    `SGNS diverged in epoch ${epoch} (${reason}) with learning rate ${learningRate}: nothing was saved. Lower the learning rate (--alpha; word2vec's default is 0.025)`,
    { field: 'alpha' },
  );
}
