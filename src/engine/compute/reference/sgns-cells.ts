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
  /** N of the tile's cells, m×n row-major (zeros where unobserved). */
  counts: Float64Array;
  /** k·N_i for each of the tile's rows. */
  negativeRows: Float64Array;
  /** P_α(j) for each of the tile's columns. */
  contextProbabilities: Float64Array;
  /** k, used by the hilbert term. */
  negative: number;
  hilbert: boolean;
}

/** Writes G (m×n) into `gradient` and returns the tile's loss Σ ℓ_ij. */
export function sgnsCellsReference(tile: SgnsCellTile, gradient: Float32Array): number {
  const { m, n, scores, counts, negativeRows, contextProbabilities, negative, hilbert } = tile;
  let loss = 0;
  for (let row = 0; row < m; row++) {
    const rowNegative = negativeRows[row];
    const offset = row * n;
    let rowLoss = 0;
    for (let column = 0; column < n; column++) {
      const cell = offset + column;
      const x = scores[cell];
      const positive = counts[cell];
      const probability = contextProbabilities[column];
      const negatives = hilbert ? (rowNegative - negative * positive) * probability : rowNegative * probability;
      const e = Math.exp(-Math.abs(x));
      const softplus = (x > 0 ? x : 0) + Math.log1p(e);
      const sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
      const weight = positive + negatives;
      rowLoss += weight * softplus - positive * x;
      gradient[cell] = weight * sigmoid - positive;
    }
    loss += rowLoss;
  }
  return loss;
}
