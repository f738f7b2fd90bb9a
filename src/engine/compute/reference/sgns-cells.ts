/**
 * One tile of the full-matrix SGNS loss (MF-SGNS), element by element: the plain-TypeScript kernel
 * every backend runs between the tile's GEMMs (it is O(m·n), the GEMMs O(m·n·d)). For each cell of
 * the tile, with x = w_i·c_j, positive count N_ij and negative count N⁻_ij,
 *
 *   ℓ_ij = N_ij·softplus(−x) + N⁻_ij·softplus(x)        (the SGNS loss of every pair and negative)
 *   G_ij = ∂ℓ/∂x = (N_ij + N⁻_ij)·σ(x) − N_ij
 *
 * N⁻_ij = k·N_i·P_α(j) (Levy & Goldberg's expected negatives) or, with `hilbert`, k·(N_i − N_ij)·P_α(j)
 * (Kenyon-Dean & Newell's `hilbert`, which does not count a pair as its own negative). Both terms share
 * one exp: with e = exp(−|x|), softplus(x) = max(x, 0) + log1p(e) and softplus(−x) = softplus(x) − x,
 * so ℓ = (N + N⁻)·softplus(x) − N·x. The loss is summed in float64.
 */
export interface SgnsCellTile {
  /** Rows m and columns n of the tile. */
  m: number;
  n: number;
  /** x = W_t·C_tᵀ, m×n row-major. */
  scores: Float32Array;
  /** The tile's observed cells: flat index row·n + column, ascending or not, each once. */
  observed: Uint32Array;
  /** N of each observed cell. */
  counts: Float64Array;
  /** k·N_i for each of the tile's rows. */
  negativeRows: Float64Array;
  /** P_α(j) for each of the tile's columns. */
  contextProbabilities: Float64Array;
  /** k, used by the hilbert term. */
  negative: number;
  hilbert: boolean;
}

/**
 * Writes G (m×n) into `gradient` (which may be `scores` itself) and returns the tile's loss Σ ℓ_ij.
 * Most cells are unobserved (N = 0): a dense pass gives every cell its negative term, then each
 * observed cell adds its positive term, ℓ += N·softplus(x) − N·x and G += N·σ(x) − N (less
 * k·N·P(j) of negatives under hilbert), so the dense pass never reads a count.
 */
export function sgnsCellsReference(tile: SgnsCellTile, gradient: Float32Array): number {
  const { m, n, scores, observed, counts, negativeRows, contextProbabilities, negative, hilbert } = tile;
  // Observed cells first, while x is still in `scores` (the gradient may overwrite it).
  let loss = 0;
  const corrections = new Float64Array(observed.length);
  for (let slot = 0; slot < observed.length; slot++) {
    const cell = observed[slot];
    const x = scores[cell];
    const column = cell % n;
    const positive = counts[slot];
    const e = Math.exp(-Math.abs(x));
    const softplus = (x > 0 ? x : 0) + Math.log(1 + e);
    const sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
    // The weight on this cell beyond its dense negative term: N, less k·N·P(j) under hilbert.
    const extra = hilbert ? positive - negative * positive * contextProbabilities[column] : positive;
    loss += extra * softplus - positive * x;
    corrections[slot] = extra * sigmoid - positive;
  }
  for (let row = 0; row < m; row++) {
    const rowNegative = negativeRows[row];
    const offset = row * n;
    let rowLoss = 0;
    for (let column = 0; column < n; column++) {
      const cell = offset + column;
      const x = scores[cell];
      const weight = rowNegative * contextProbabilities[column];
      const e = Math.exp(x > 0 ? -x : x);
      const inverse = 1 / (1 + e);
      rowLoss += weight * ((x > 0 ? x : 0) + Math.log(1 + e));
      gradient[cell] = weight * (x >= 0 ? inverse : e * inverse);
    }
    loss += rowLoss;
  }
  for (let slot = 0; slot < observed.length; slot++) gradient[observed[slot]] += corrections[slot];
  return loss;
}
