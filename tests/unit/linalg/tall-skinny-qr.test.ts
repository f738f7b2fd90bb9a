import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, createReferenceKernels, detectBackends, type Kernels } from '../../../src/engine/compute';
import { householderQr } from '../../../src/engine/linalg/householder-qr';
import { invertUpperTriangular, tallSkinnyQr } from '../../../src/engine/linalg/tall-skinny-qr';
import { randomMatrix } from '../compute/fixtures/matrices';
import { orthonormalityError } from './fixtures';

/** max |Q·R − Y| / max |Y|, in float64, and whether R is upper triangular. */
function reconstructionError(q: Float32Array, r: Float64Array, y: Float32Array, rows: number, columns: number): number {
  let worst = 0;
  let scale = 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let sum = 0;
      for (let k = 0; k <= column; k++) sum += q[row * columns + k] * r[k * columns + column];
      worst = Math.max(worst, Math.abs(sum - y[row * columns + column]));
      scale = Math.max(scale, Math.abs(y[row * columns + column]));
    }
  }
  return worst / scale;
}

function isUpperTriangular(r: Float64Array, size: number): boolean {
  for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) if (r[i * size + j] !== 0) return false;
  return true;
}

/** Y (rows×columns) = X·M with column j of X scaled by condition^(−j/(columns−1)): κ(Y) ≈ condition. */
async function conditioned(rows: number, columns: number, condition: number, kernels: Kernels): Promise<Float32Array> {
  const x = randomMatrix(rows, columns, 31);
  for (let index = 0; index < x.length; index++) x[index] *= condition ** (-(index % columns) / (columns - 1));
  return kernels.matmul(x, randomMatrix(columns, columns, 32), rows, columns, columns);
}

describe('householderQr', () => {
  it('factors a tall matrix into orthonormal Q and upper-triangular R', () => {
    const y = randomMatrix(50, 7, 1);
    const { Q, R } = householderQr(y, 50, 7);
    expect(orthonormalityError(Q, 50, 7)).toBeLessThanOrEqual(1e-6);
    expect(isUpperTriangular(R, 7)).toBe(true);
    expect(reconstructionError(Q, R, y, 50, 7)).toBeLessThanOrEqual(1e-6);
  });

  it('still gives orthonormal columns for a rank-deficient matrix', () => {
    const y = randomMatrix(30, 5, 2);
    for (let row = 0; row < 30; row++) {
      y[row * 5 + 2] = y[row * 5 + 0] * 2;
      y[row * 5 + 4] = 0;
    }
    const { Q, R } = householderQr(y, 30, 5);
    expect(orthonormalityError(Q, 30, 5)).toBeLessThanOrEqual(1e-6);
    expect(reconstructionError(Q, R, y, 30, 5)).toBeLessThanOrEqual(1e-6);
  });

  it('inverts upper-triangular matrices', () => {
    const r = Float64Array.of(2, 1, 3, 0, 4, 5, 0, 0, 8);
    const inverse = invertUpperTriangular(r, 3);
    const product = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => [0, 1, 2].reduce((sum, k) => sum + r[i * 3 + k] * inverse[k * 3 + j], 0)));
    expect(product.map((value) => Math.round(value * 1e12) / 1e12)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

const [, cpuInfo] = await detectBackends();

describe('tallSkinnyQr', () => {
  let kernels: Kernels;
  beforeAll(async () => {
    kernels = cpuInfo.available ? await createKernels('cpu', { threads: 2 }) : createReferenceKernels();
  });
  afterAll(async () => {
    await kernels?.dispose();
  });

  it('takes two Cholesky-QR passes for an orthonormal Q, one when a loose tolerance allows', async () => {
    const [rows, columns] = [3000, 24];
    const y = await conditioned(rows, columns, 100, kernels);
    const strict = await tallSkinnyQr(y, rows, columns, kernels);
    expect(strict).toMatchObject({ method: 'cholesky-qr', passes: 2 });
    expect(strict.orthogonalityError).toBeLessThanOrEqual(1e-6);
    expect(orthonormalityError(strict.Q, rows, columns)).toBeLessThanOrEqual(1e-6);
    expect(isUpperTriangular(strict.R, columns)).toBe(true);
    expect(reconstructionError(strict.Q, strict.R, y, rows, columns)).toBeLessThanOrEqual(1e-5);

    const loose = await tallSkinnyQr(y, rows, columns, kernels, { tolerance: 1e-2 });
    expect(loose.passes).toBe(1);
    expect(orthonormalityError(loose.Q, rows, columns)).toBeLessThanOrEqual(1e-2);

    // A given array takes the first pass's Q where the backend supports it (cpu), with the same
    // values; a second pass writes a fresh array, so the first pass's Q, which may be returned, stays.
    const into = new Float32Array(rows * columns);
    const looseInto = await tallSkinnyQr(y, rows, columns, kernels, { tolerance: 1e-2, into });
    expect(looseInto.Q).toEqual(loose.Q);
    if (kernels.backend.name === 'cpu') expect(looseInto.Q).toBe(into);
    const strictInto = await tallSkinnyQr(y, rows, columns, kernels, { into: new Float32Array(rows * columns) });
    expect(strictInto.passes).toBe(2);
    expect(strictInto.Q).toEqual(strict.Q);
  });

  it('repairs an ill-conditioned Y with a shifted pass, and falls back to Householder for a rank-deficient one', async () => {
    const [rows, columns] = [2000, 16];
    // κ = 1e5: G does not factor; shifted, it does, and two more passes make Q orthonormal.
    const y = await conditioned(rows, columns, 1e5, kernels);
    const shifted = await tallSkinnyQr(y, rows, columns, kernels);
    expect(shifted).toMatchObject({ method: 'cholesky-qr', passes: 3 });
    expect(orthonormalityError(shifted.Q, rows, columns)).toBeLessThanOrEqual(1e-6);
    expect(reconstructionError(shifted.Q, shifted.R, y, rows, columns)).toBeLessThanOrEqual(1e-5);

    // A column that is a combination of others, to float32 rounding: numerically κ ≈ 1e7, still Cholesky-QR.
    const combined = randomMatrix(rows, columns, 33);
    for (let row = 0; row < rows; row++) combined[row * columns + 5] = combined[row * columns + 3] - combined[row * columns + 1];
    const nearlyDeficient = await tallSkinnyQr(combined, rows, columns, kernels);
    expect(nearlyDeficient.method).toBe('cholesky-qr');
    expect(orthonormalityError(nearlyDeficient.Q, rows, columns)).toBeLessThanOrEqual(1e-6);
    expect(reconstructionError(nearlyDeficient.Q, nearlyDeficient.R, combined, rows, columns)).toBeLessThanOrEqual(1e-5);

    // An exactly zero column: rank-deficient, Householder.
    const deficient = randomMatrix(rows, columns, 34);
    for (let row = 0; row < rows; row++) deficient[row * columns + 7] = 0;
    const fallback = await tallSkinnyQr(deficient, rows, columns, kernels);
    expect(fallback.method).toBe('householder');
    expect(orthonormalityError(fallback.Q, rows, columns)).toBeLessThanOrEqual(1e-6);
    expect(reconstructionError(fallback.Q, fallback.R, deficient, rows, columns)).toBeLessThanOrEqual(1e-5);
  });

  it('stops at the noise floor of an imprecise Gram matrix instead of falling back to Householder', async () => {
    // A backend whose gram errs by ±2e-5 (a float32 sum over many rows): no pass can show 1e-6.
    const reference = createReferenceKernels();
    let calls = 0;
    const noisy: Kernels = {
      ...reference,
      async gram(a, m, n) {
        const g = await reference.gram(a, m, n);
        calls++;
        for (let i = 0; i < n; i++) {
          for (let j = i; j < n; j++) {
            const noise = 2e-5 * Math.sin(1 + i * 7 + j * 13 + calls);
            g[i * n + j] += noise;
            if (i !== j) g[j * n + i] += noise;
          }
        }
        return g;
      },
    };
    const [rows, columns] = [500, 12];
    const result = await tallSkinnyQr(await conditioned(rows, columns, 100, reference), rows, columns, noisy);
    // Pass 2 still improves on pass 1 four-fold; pass 3 does not, and ends it.
    expect(result).toMatchObject({ method: 'cholesky-qr', passes: 3 });
    expect(result.orthogonalityError).toBeLessThanOrEqual(1e-4);
    expect(orthonormalityError(result.Q, rows, columns)).toBeLessThanOrEqual(1e-4);
  });

  it('checks its checkpoint before each kernel call', async () => {
    const y = randomMatrix(100, 4, 34);
    let calls = 0;
    const stop = new Error('stop');
    await expect(
      tallSkinnyQr(y, 100, 4, kernels, {
        checkpoint: () => {
          if (++calls === 2) throw stop;
        },
      }),
    ).rejects.toBe(stop);
  });
});
