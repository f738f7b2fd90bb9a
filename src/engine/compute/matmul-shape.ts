import { FirthError } from '../../shared/errors';

/**
 * Checks the arguments of matmul(a, b, m, k, n) before any backend copies them: a wrong length would
 * otherwise read past an array on one backend and silently read zeros on another.
 */
export function checkMatmulShape(a: Float32Array, b: Float32Array, m: number, k: number, n: number): void {
  for (const [name, value] of [['m', m], ['k', k], ['n', n]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new FirthError('invalid-input', `matmul: ${name} must be a non-negative integer (got ${value})`, { field: name });
    }
  }
  if (a.length !== m * k) {
    throw new FirthError('invalid-input', `matmul: A holds ${a.length} values but m×k = ${m}×${k} = ${m * k}`, { field: 'a' });
  }
  if (b.length !== k * n) {
    throw new FirthError('invalid-input', `matmul: B holds ${b.length} values but k×n = ${k}×${n} = ${k * n}`, { field: 'b' });
  }
}

/** Checks the arguments of gram(a, m, n): A must hold m×n values. */
export function checkGramShape(a: Float32Array, m: number, n: number): void {
  for (const [name, value] of [['m', m], ['n', n]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new FirthError('invalid-input', `gram: ${name} must be a non-negative integer (got ${value})`, { field: name });
    }
  }
  if (a.length !== m * n) {
    throw new FirthError('invalid-input', `gram: A holds ${a.length} values but m×n = ${m}×${n} = ${m * n}`, { field: 'a' });
  }
}
