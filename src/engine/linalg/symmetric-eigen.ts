// Eigenvalues and eigenvectors of a real symmetric matrix in float64 on typed arrays: Householder
// tridiagonalisation (tred2) and the implicit QL algorithm (tql2), from EISPACK by way of JAMA and
// ml-matrix's EigenvalueDecomposition (MIT, © Michaël Zasso), ported from its Matrix get/set calls
// to one row-major Float64Array. Same arithmetic, about ten times faster at the sizes the block
// Krylov SVD needs (a few hundred), where ml-matrix took seconds for each Rayleigh–Ritz step.
//
// The eigenvector matrix is kept transposed while it is built (V(i, j) at v[j·n + i]): tred2 and
// tql2 walk it down columns, which are then contiguous.

import { backTransformWasm, reduceBandWasm, rotationCapacity, type Rotations } from './band-reduction-wasm';

/**
 * Which code runs the band reduction and its back-transformation: 'auto' the WebAssembly of
 * band-reduction-wasm.ts where the runtime has it (the same bits, 3–5 times faster), 'javascript'
 * the code here (what the WebAssembly is tested against).
 */
export type BandImplementation = 'auto' | 'javascript';

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Row i holds the unit eigenvector of values[i] (n×n, row-major). */
  vectors: Float64Array;
}

/** The eigen-decomposition of the symmetric n×n row-major `matrix`. */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  return decompose(matrix, n, true);
}

/** The eigenvalues alone, ascending: about a sixth of the work (no transforms accumulated). */
export function symmetricEigenvalues(matrix: Float64Array, n: number): Float64Array {
  return decompose(matrix, n, false).values;
}

/**
 * The `count` largest eigenvalues (descending) and their unit eigenvectors (row r of `vectors`, count×n),
 * without the O(n³) accumulation of a full decomposition: Householder tridiagonalisation, the
 * eigenvalues by implicit QL, each wanted eigenvector of the tridiagonal matrix by inverse iteration
 * (LAPACK's dgttrf/dgtts2 solves; vectors of nearby eigenvalues orthogonalised against each other,
 * as dstein does), then carried back through the Householder reflectors: O(n³·2/3 + count·n²).
 */
export interface LargestEigenpairs {
  /** The `count` largest eigenvalues, descending. */
  values: Float64Array;
  /** Their unit eigenvectors, row r for values[r] (count×n), computed on the first call. */
  vectors(): Float64Array;
}

export function largestEigenpairs(matrix: Float64Array, n: number, count: number): LargestEigenpairs {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[j * n + i] = matrix[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const scales = new Float64Array(n);
  if (n === 0 || count === 0) return { values: new Float64Array(0), vectors: () => new Float64Array(0) };
  tred2(n, e, d, v, false, scales);
  const diagonal = d.slice();
  // offDiagonal[i] couples rows i and i + 1.
  const offDiagonal = e.slice(1);
  tql2(n, e, d, v, false);
  const norm = tridiagonalNorm(diagonal, offDiagonal);
  const values = new Float64Array(count);
  for (let r = 0; r < count; r++) values[r] = d[n - 1 - r];
  const backTransform = (y: Float64Array): void => {
    // x = P_{n−1}·…·P_1·y, P_i = I − u_i·u_iᵀ/h_i acting on the first i coordinates.
    for (let i = 1; i < n; i++) {
      const h = scales[i];
      if (h === 0) continue;
      let dot = 0;
      for (let k = 0; k < i; k++) dot += v[i * n + k] * y[k];
      const factor = dot / h;
      for (let k = 0; k < i; k++) y[k] -= factor * v[i * n + k];
    }
  };
  let vectors: Float64Array | undefined;
  return { values, vectors: () => (vectors ??= tridiagonalEigenvectors(diagonal, offDiagonal, values, norm, backTransform)) };
}

/** The largest absolute row sum of the tridiagonal matrix (diagonal, offDiagonal): a bound on its norm. */
function tridiagonalNorm(diagonal: Float64Array, offDiagonal: Float64Array): number {
  const n = diagonal.length;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(diagonal[i]) + (i > 0 ? Math.abs(offDiagonal[i - 1]) : 0) + (i < n - 1 ? Math.abs(offDiagonal[i]) : 0));
  return norm;
}

/**
 * Unit eigenvectors (row r for values[r], count×n) of the tridiagonal matrix (diagonal, offDiagonal)
 * by inverse iteration, vectors of nearby eigenvalues orthogonalised against each other (as dstein
 * does), each then carried back to the original matrix's coordinates by `backTransform` (in place) if given.
 */
function tridiagonalEigenvectors(
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  values: Float64Array,
  norm: number,
  backTransform?: (y: Float64Array) => void,
): Float64Array {
  const n = diagonal.length;
  const count = values.length;
  const result = new Float64Array(count * n);
  const tridiagonalVectors = new Float64Array(count * n);
  const cluster = 1e-3 * norm;
  for (let r = 0; r < count; r++) {
    const value = values[r];
    const y = tridiagonalEigenvector(diagonal, offDiagonal, value, norm, r, (x) => {
      // Orthogonal to the vectors already found for nearby eigenvalues (modified Gram–Schmidt).
      for (let other = r - 1; other >= 0 && values[other] - value <= cluster; other--) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += x[k] * tridiagonalVectors[other * n + k];
        for (let k = 0; k < n; k++) x[k] -= dot * tridiagonalVectors[other * n + k];
      }
    });
    tridiagonalVectors.set(y, r * n);
    backTransform?.(y);
    result.set(y, r * n);
  }
  return result;
}

/**
 * The eigenvalues (ascending) of a symmetric n×n row-major `matrix` treated as banded: entries more
 * than `bandwidth` places off the diagonal are taken as zero. The band is reduced to tridiagonal form
 * by Givens rotations that chase each bulge down the band (Rutishauser; LAPACK's dsbtrd does the
 * same in blocks), O(n²·bandwidth) instead of Householder's O(n³), then implicit QL. The block
 * Krylov SVD's T is block tridiagonal with upper-triangular off-diagonal blocks, so banded with the
 * block size up to rounding: its convergence checks take their Ritz values from here.
 */
export function bandEigenvalues(matrix: Float64Array, n: number, bandwidth: number, implementation: BandImplementation = 'auto'): Float64Array {
  const { d, e } = reduceBand(matrix, n, bandwidth, false, implementation);
  tql2(n, e, d, new Float64Array(0), false);
  return d;
}

/**
 * The `count` largest eigenvalues (descending) of a symmetric n×n row-major `matrix` taken as banded
 * (as bandEigenvalues), and their unit eigenvectors on demand (row r for values[r], count×n): the
 * tridiagonal matrix's by inverse iteration, carried back through the band reduction's Givens
 * rotations, last first. O(n²·bandwidth) for the values and O(n²·count) for the vectors, where
 * largestEigenpairs's Householder reduction costs O(n³): the block Krylov SVD's last Ritz step.
 */
export function largestBandEigenpairs(
  matrix: Float64Array,
  n: number,
  bandwidth: number,
  count: number,
  implementation: BandImplementation = 'auto',
): LargestEigenpairs {
  if (n === 0 || count === 0) return { values: new Float64Array(0), vectors: () => new Float64Array(0) };
  const { d, e, rotations } = reduceBand(matrix, n, bandwidth, true, implementation);
  const diagonal = d.slice();
  const offDiagonal = e.slice(1);
  tql2(n, e, d, new Float64Array(0), false);
  const values = new Float64Array(count);
  for (let r = 0; r < count; r++) values[r] = d[n - 1 - r];
  const backTransform = (tridiagonalVectors: Float64Array): Float64Array => {
    // The reduction made G·A·Gᵀ tridiagonal, G = G_k·…·G_1, each G_i rotating coordinates p, p + 1
    // by [c s; −s c]: an eigenvector y of the tridiagonal matrix is Gᵀ·y = G_1ᵀ·…·G_kᵀ·y of A.
    // All vectors at once, coordinate-major (n×count), so each rotation is read once and applied
    // along two contiguous rows.
    const x = new Float64Array(n * count);
    for (let r = 0; r < count; r++) for (let k = 0; k < n; k++) x[k * count + r] = tridiagonalVectors[r * n + k];
    const { pivots, cosines, sines } = rotations!;
    const done = implementation === 'auto' && backTransformWasm(x, count, rotations!);
    for (let index = done ? -1 : rotations!.count - 1; index >= 0; index--) {
      const c = cosines[index];
      const s = sines[index];
      const rowP = pivots[index] * count;
      const rowQ = rowP + count;
      for (let r = 0; r < count; r++) {
        const yp = x[rowP + r];
        const yq = x[rowQ + r];
        x[rowP + r] = c * yp - s * yq;
        x[rowQ + r] = s * yp + c * yq;
      }
    }
    const result = new Float64Array(count * n);
    for (let r = 0; r < count; r++) for (let k = 0; k < n; k++) result[r * n + k] = x[k * count + r];
    return result;
  };
  let vectors: Float64Array | undefined;
  const norm = tridiagonalNorm(diagonal, offDiagonal);
  return { values, vectors: () => (vectors ??= backTransform(tridiagonalEigenvectors(diagonal, offDiagonal, values, norm))) };
}

/**
 * Reduces the band of `matrix` to tridiagonal form (see bandEigenvalues): d its diagonal, e[i] the
 * entry coupling rows i − 1 and i (tql2's layout), and the rotations in order if `record`.
 */
function reduceBand(
  matrix: Float64Array,
  n: number,
  bandwidth: number,
  record: boolean,
  implementation: BandImplementation,
): { d: Float64Array; e: Float64Array; rotations?: Rotations } {
  const w = Math.max(1, Math.min(bandwidth, n - 1));
  // Lower band storage, one bulge wide: row i holds A(i, i − k) at band[i·width + k], k = 0..w + 1,
  // so a rotation touches a few kilobytes that stay in cache (the dense form walked columns n·8 bytes apart).
  const width = w + 2;
  const band = new Float64Array(n * width);
  for (let row = 0; row < n; row++) {
    for (let k = 0; k <= Math.min(w, row); k++) band[row * width + k] = matrix[row * n + row - k];
  }
  const wasm = implementation === 'auto' ? reduceBandWasm(band, n, w, width, record) : { done: false };
  const rotations: Rotations | undefined = wasm.done
    ? wasm.rotations
    : record
      ? (() => {
          const capacity = rotationCapacity(n, w);
          return { count: 0, pivots: new Int32Array(capacity), cosines: new Float64Array(capacity), sines: new Float64Array(capacity) };
        })()
      : undefined;
  const index = (i: number, j: number) => (i >= j ? i * width + i - j : j * width + j - i);
  /** Rotates rows and columns p and p + 1 (G·A·Gᵀ) so that entry (p + 1, target), target < p, becomes zero. */
  const annihilate = (p: number, target: number): void => {
    const q = p + 1;
    const x = band[p * width + p - target];
    const y = band[q * width + q - target];
    if (y === 0) return;
    // Not Math.hypot, which is several times slower in V8; the entries (squared Ritz values of a
    // scaled matrix) are nowhere near float64's overflow.
    const r = Math.sqrt(x * x + y * y);
    const c = x / r;
    const s = y / r;
    if (rotations) {
      rotations.pivots[rotations.count] = p;
      rotations.cosines[rotations.count] = c;
      rotations.sines[rotations.count] = s;
      rotations.count++;
    }
    // Rows p and q are zero left of the target (reduced columns, or beyond the band and its one
    // bulge) and right of q + w; column q + w of row p is where the next bulge appears.
    // Written out as two loops (columns left of p, rows below q) with the band indices stepped
    // directly: the general index() per element took most of the checks' time.
    const high = Math.min(n - 1, q + w);
    for (let l = target, pl = p * width + p - target, ql = q * width + q - target; l < p; l++, pl--, ql--) {
      const u = band[pl];
      const v = band[ql];
      band[pl] = c * u + s * v;
      band[ql] = c * v - s * u;
    }
    for (let l = q + 1, pl = l * width + l - p; l <= high; l++, pl += width + 1) {
      const ql = pl - 1;
      const u = band[pl];
      const v = band[ql];
      band[pl] = c * u + s * v;
      band[ql] = c * v - s * u;
    }
    const pp = p * width;
    const qq = q * width;
    const qp = q * width + 1;
    const app = band[pp];
    const aqq = band[qq];
    const apq = band[qp];
    band[pp] = c * c * app + 2 * c * s * apq + s * s * aqq;
    band[qq] = s * s * app - 2 * c * s * apq + c * c * aqq;
    band[qp] = c * s * (aqq - app) + (c * c - s * s) * apq;
    band[q * width + q - target] = 0;
  };
  for (let column = 0; column < (wasm.done ? 0 : n - 2); column++) {
    for (let row = Math.min(column + w, n - 1); row >= column + 2; row--) {
      if (band[index(row, column)] === 0) continue;
      annihilate(row - 1, column);
      // The rotation of rows row − 1 and row puts a bulge at (row + w, row − 1), one outside the band: chase it down.
      for (let bulgeRow = row + w, bulgeColumn = row - 1; bulgeRow < n; bulgeColumn = bulgeRow - 1, bulgeRow += w) {
        if (band[index(bulgeRow, bulgeColumn)] === 0) break;
        annihilate(bulgeRow - 1, bulgeColumn);
      }
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    d[i] = band[i * width];
    if (i > 0) e[i] = band[i * width + 1];
  }
  return { d, e, rotations };
}

/**
 * A unit eigenvector of the symmetric tridiagonal matrix (diagonal, offDiagonal) for the eigenvalue
 * `value`: three steps of inverse iteration from a fixed start, `orthogonalize` applied after each.
 */
function tridiagonalEigenvector(
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  value: number,
  norm: number,
  seed: number,
  orthogonalize: (x: Float64Array) => void,
): Float64Array {
  const n = diagonal.length;
  // LU with partial pivoting of T − value·I (LAPACK dgttrf): dl, dd, du, du2 and the pivots.
  const dl = offDiagonal.slice(0, Math.max(0, n - 1));
  const dd = new Float64Array(n);
  for (let i = 0; i < n; i++) dd[i] = diagonal[i] - value;
  const du = offDiagonal.slice(0, Math.max(0, n - 1));
  const du2 = new Float64Array(Math.max(0, n - 2));
  const swapped = new Uint8Array(n);
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
      if (dd[i] !== 0) {
        const factor = dl[i] / dd[i];
        dl[i] = factor;
        dd[i + 1] -= factor * du[i];
      }
    } else {
      const factor = dd[i] / dl[i];
      dd[i] = dl[i];
      dl[i] = factor;
      const temporary = du[i];
      du[i] = dd[i + 1];
      dd[i + 1] = temporary - factor * dd[i + 1];
      if (i < n - 2) {
        du2[i] = du[i + 1];
        du[i + 1] = -factor * du[i + 1];
      }
      swapped[i] = 1;
    }
  }
  // An exactly singular pivot (value is an eigenvalue to working precision) becomes a tiny one.
  const tiny = Number.EPSILON * Math.max(norm, Number.MIN_VALUE);
  for (let i = 0; i < n; i++) if (Math.abs(dd[i]) < tiny) dd[i] = dd[i] < 0 ? -tiny : tiny;

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = 1 + 0.5 * Math.sin(1.7 * i + 0.3 * seed);
  for (let step = 0; step < 3; step++) {
    for (let i = 0; i < n - 1; i++) {
      if (!swapped[i]) x[i + 1] -= dl[i] * x[i];
      else {
        const temporary = x[i];
        x[i] = x[i + 1];
        x[i + 1] = temporary - dl[i] * x[i];
      }
    }
    x[n - 1] /= dd[n - 1];
    if (n > 1) x[n - 2] = (x[n - 2] - du[n - 2] * x[n - 1]) / dd[n - 2];
    for (let i = n - 3; i >= 0; i--) x[i] = (x[i] - du[i] * x[i + 1] - du2[i] * x[i + 2]) / dd[i];
    orthogonalize(x);
    let length = 0;
    for (let i = 0; i < n; i++) length += x[i] * x[i];
    length = Math.sqrt(length);
    for (let i = 0; i < n; i++) x[i] /= length;
  }
  return x;
}

function decompose(matrix: Float64Array, n: number, vectors: boolean): SymmetricEigen {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[j * n + i] = matrix[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n > 0) {
    tred2(n, e, d, v, vectors);
    tql2(n, e, d, v, vectors);
  }
  return { values: d, vectors: v };
}

function tred2(n: number, e: Float64Array, d: Float64Array, v: Float64Array, vectors: boolean, householderScales?: Float64Array): void {
  let f: number, g: number, h: number, i: number, j: number, k: number, hh: number, scale: number;

  for (j = 0; j < n; j++) {
    d[j] = v[(j) * n + (n - 1)];
  }

  for (i = n - 1; i > 0; i--) {
    scale = 0;
    h = 0;
    for (k = 0; k < i; k++) {
      scale = scale + Math.abs(d[k]);
    }

    if (scale === 0) {
      e[i] = d[i - 1];
      for (j = 0; j < i; j++) {
        d[j] = v[(j) * n + (i - 1)];
        v[(j) * n + (i)] = 0;
        v[(i) * n + (j)] = 0;
      }
    } else {
      for (k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }

      f = d[i - 1];
      g = Math.sqrt(h);
      if (f > 0) {
        g = -g;
      }

      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (j = 0; j < i; j++) {
        e[j] = 0;
      }

      for (j = 0; j < i; j++) {
        f = d[j];
        v[(i) * n + (j)] = f;
        g = e[j] + v[(j) * n + (j)] * f;
        for (k = j + 1; k <= i - 1; k++) {
          g += v[(j) * n + (k)] * d[k];
          e[k] += v[(j) * n + (k)] * f;
        }
        e[j] = g;
      }

      f = 0;
      for (j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }

      hh = f / (h + h);
      for (j = 0; j < i; j++) {
        e[j] -= hh * d[j];
      }

      for (j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (k = j; k <= i - 1; k++) {
          v[(j) * n + (k)] = v[(j) * n + (k)] - (f * e[k] + g * d[k]);
        }
        d[j] = v[(j) * n + (i - 1)];
        v[(j) * n + (i)] = 0;
      }
    }
    d[i] = h;
  }

  if (!vectors) {
    // The tridiagonal form's diagonal is left in v's diagonal; skip accumulating the transforms.
    // Row i of v keeps the i-th Householder vector u_i (i entries) and d[i] its scale h_i.
    householderScales?.set(d);
    for (j = 0; j < n; j++) d[j] = v[j * n + j];
    e[0] = 0;
    return;
  }
  for (i = 0; i < n - 1; i++) {
    v[(i) * n + (n - 1)] = v[(i) * n + (i)];
    v[(i) * n + (i)] = 1;
    h = d[i + 1];
    if (h !== 0) {
      for (k = 0; k <= i; k++) {
        d[k] = v[(i + 1) * n + (k)] / h;
      }

      for (j = 0; j <= i; j++) {
        g = 0;
        for (k = 0; k <= i; k++) {
          g += v[(i + 1) * n + (k)] * v[(j) * n + (k)];
        }
        for (k = 0; k <= i; k++) {
          v[(j) * n + (k)] = v[(j) * n + (k)] - g * d[k];
        }
      }
    }

    for (k = 0; k <= i; k++) {
      v[(i + 1) * n + (k)] = 0;
    }
  }

  for (j = 0; j < n; j++) {
    d[j] = v[(j) * n + (n - 1)];
    v[(j) * n + (n - 1)] = 0;
  }

  v[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

function tql2(n: number, e: Float64Array, d: Float64Array, v: Float64Array, vectors: boolean): void {
  let g: number, h: number, i: number, j: number, k: number, l: number, m: number, p: number, r: number, dl1: number, c: number, c2: number, c3: number, el1: number, s: number, s2: number;

  for (i = 1; i < n; i++) {
    e[i - 1] = e[i];
  }

  e[n - 1] = 0;

  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;

  for (l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) {
        break;
      }
      m++;
    }

    if (m > l) {
            do {
        
        g = d[l];
        p = (d[l + 1] - g) / (2 * e[l]);
        r = hypot(p, 1);
        if (p < 0) {
          r = -r;
        }

        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        dl1 = d[l + 1];
        h = g - d[l];
        for (i = l + 2; i < n; i++) {
          d[i] -= h;
        }

        f = f + h;

        p = d[m];
        c = 1;
        c2 = c;
        c3 = c;
        el1 = e[l + 1];
        s = 0;
        s2 = 0;
        for (i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);

          for (k = 0; vectors && k < n; k++) {
            h = v[(i + 1) * n + (k)];
            v[(i + 1) * n + (k)] = s * v[(i) * n + (k)] + c * h;
            v[(i) * n + (k)] = c * v[(i) * n + (k)] - s * h;
          }
        }

        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }

  for (i = 0; i < n - 1; i++) {
    k = i;
    p = d[i];
    for (j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }

    if (k !== i) {
      if (!vectors) {
        d[k] = d[i];
        d[i] = p;
        continue;
      }
      d[k] = d[i];
      d[i] = p;
      for (j = 0; j < n; j++) {
        p = v[(i) * n + (j)];
        v[(i) * n + (j)] = v[(k) * n + (j)];
        v[(k) * n + (j)] = p;
      }
    }
  }
}


/**
 * √(x² + y²) without Math.hypot, which V8 computes several times slower (it was most of tql2's time
 * in the block Krylov SVD's Ritz checks); scaled by the larger magnitude only where a square could
 * overflow or underflow, so the plain form covers every entry these matrices hold.
 */
function hypot(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const big = ax > ay ? ax : ay;
  if (big > 1e150 || (big < 1e-150 && big > 0)) {
    const small = ax > ay ? ay : ax;
    const ratio = small / big;
    return big * Math.sqrt(1 + ratio * ratio);
  }
  return Math.sqrt(x * x + y * y);
}
