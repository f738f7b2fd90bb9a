import type { BackendInfo } from '../../shared/compute';
import type { CsrMatrix } from './csr';
import type { ResidentSgnsPass, SgnsMatrixTiles } from './sgns-matrix-tiles';

export type { CsrMatrix };

/**
 * A sparse matrix A made ready for many products on one backend: the cpu backend keeps A (and, from
 * the first transposed product on, Aᵀ) in its workers' shared memory, so the products of one SVD do
 * not copy the matrix again each time; the gpu.js backends keep the arrays they pass to their kernels.
 * Code that multiplies by A more than once (randomizedSvd) prepares it and stays backend-agnostic.
 */
export interface PreparedSparse {
  readonly rows: number;
  readonly columns: number;
  /**
   * Y(rows×n) = A·X(columns×n). With `into` (rows·n floats, not X) a backend may write Y there and
   * return it instead of a fresh array, so a caller looping over products allocates nothing: use the
   * returned array, which is `into` only where the backend supports it (cpu).
   */
  timesDense(x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array>;
  /** Y(columns×n) = Aᵀ·X(rows×n); `into` as for timesDense. */
  transposeTimesDense(x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array>;
  /** Frees what prepareSparse set aside. Idempotent; later products reject with 'cancelled'. */
  release(): Promise<void>;
}

/** One classical Gram–Schmidt pass of Z against a basis P (DenseBasis.projectOut). */
export interface BasisProjection {
  /** Z − P·C (rows×n). */
  projection: Float32Array;
  /** C = Pᵀ·Z (columns×n), the coefficients taken out. */
  coefficients: Float32Array;
  /**
   * The squared norm of each column of Z and of Z − P·C, in float64: with ‖C‖², the Pythagoras
   * test of how orthonormal P still is (the block Krylov SVD's second-pass trigger).
   */
  squaredNormsBefore: Float64Array;
  squaredNormsAfter: Float64Array;
}

/**
 * A tall dense matrix P (rows × up to maxColumns) built a block of columns at a time and kept by the
 * backend for the many products of one block Krylov SVD: the cpu backend holds P and Pᵀ in its
 * workers' memory, so the Gram–Schmidt products of each step copy only the new block, not all of P.
 */
export interface DenseBasis {
  readonly rows: number;
  /** Columns appended so far. */
  readonly columns: number;
  /**
   * Appends `block` (rows×n, row-major) as P's next n columns: `columns` grows at once, and products
   * called later see them. A backend may read the block only when the call's turn in its queue
   * comes (the cpu backend copies it on its threads), so leave it unchanged until this resolves.
   */
  append(block: Float32Array, n: number): Promise<void>;
  /** Pᵀ·Z (columns×n) for Z (rows×n); `into` as for PreparedSparse.timesDense. */
  transposeTimes(z: Float32Array, n: number, into?: Float32Array): Promise<Float32Array>;
  /** P·X (rows×n) for X (columns×n); `into` as for PreparedSparse.timesDense. */
  times(x: Float32Array, n: number, into?: Float32Array): Promise<Float32Array>;
  /**
   * C = Pᵀ·Z and Z − P·C in one call, Z (rows×n) left as it is; the projection lands in `into`
   * (rows·n floats, not Z) where the backend supports it, as for PreparedSparse.timesDense. The cpu
   * backend copies Z in once and updates it there, where transposeTimes then times would copy Z
   * in, C out and in, and P·C out to be subtracted.
   */
  projectOut(z: Float32Array, n: number, into?: Float32Array): Promise<BasisProjection>;
  /** Frees what createBasis set aside. Idempotent; later calls reject with 'cancelled'. */
  release(): Promise<void>;
}

/**
 * The compute kernels of one backend. Every kernel Firth needs (matmul, gram, sparse×dense; the SGNS
 * steps next) is a method here, implemented once per backend (`gpujs/`, `cpu/`) and tested against
 * its plain-TypeScript version in `reference/`.
 *
 * Matrices are row-major Float32Arrays; sparse matrices are CSR (`linalg/csr.ts`), treated as
 * immutable once passed. Methods may run concurrently; a backend that shares state between calls
 * (the cpu worker pool's memory) queues them. Results are fresh arrays owned by the caller.
 */
export interface Kernels {
  /** The backend these kernels run on, with the adapter text the status bar shows. */
  readonly backend: BackendInfo;

  /**
   * C(m×n) = A(m×k)·B(k×n). With `into` (m·n floats) a backend may write C there and return it, as
   * PreparedSparse.timesDense does (cpu): the block Krylov SVD's Cholesky-QR reuses one array.
   */
  matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, into?: Float32Array): Promise<Float32Array>;

  /**
   * G(n×n) = AᵀA for A(m×n), exactly symmetric, as float64: the Gram matrix of Cholesky-QR. The cpu
   * backend sums in float64 beyond blocks of 64 rows; the gpu.js backends in float32.
   */
  gram(a: Float32Array, m: number, n: number): Promise<Float64Array>;

  /** Y(rows×n) = A·X for a CSR matrix A (rows×columns) and X (columns×n). */
  sparseTimesDense(matrix: CsrMatrix, x: Float32Array, n: number): Promise<Float32Array>;

  /** Y(columns×n) = Aᵀ·X for a CSR matrix A (rows×columns) and X (rows×n). */
  sparseTransposeTimesDense(matrix: CsrMatrix, x: Float32Array, n: number): Promise<Float32Array>;

  /**
   * The dense part of one MF-SGNS tile (m×n scores x, row-major): with w_ij = negativeRows[i]·
   * probabilities[j], writes G = w∘σ(x) over `scores` and returns Σ w·softplus(x), summed in float64.
   * The cpu backend computes in f32 lanes with polynomial exp and log (relative error ~1e-6); the
   * others run the reference.
   */
  sgnsNegativeCells(scores: Float32Array, m: number, n: number, negativeRows: ArrayLike<number>, probabilities: ArrayLike<number>): Promise<number>;

  /**
   * A whole MF-SGNS pass run on the backend's device, W and C resident for the pass and the count
   * tiles for the run, or undefined where the backend has no device memory to keep them in (cpu,
   * webasm, the reference) or they would not fit: the trainer then runs the tiles through the host.
   */
  residentSgnsPass?(problem: SgnsMatrixTiles): Promise<ResidentSgnsPass | undefined>;

  /** A kept ready for many products; release() it when done (dispose() releases it too). */
  prepareSparse(matrix: CsrMatrix): Promise<PreparedSparse>;

  /** An empty P of `rows` rows that can grow to `maxColumns` columns; release() it when done. */
  createBasis(rows: number, maxColumns: number): Promise<DenseBasis>;

  /** Frees workers, wasm memory and GPU resources. Idempotent; later calls to a kernel reject. */
  dispose(): Promise<void>;
}
