/**
 * An SPPMI-SVD run saves W = U·Σ^p and C = V·Σ^p (p = its `eig`). The symmetric split U·Σ^½ and
 * V·Σ^½ — what the theorem view compares and what MF-SGNS warm-starts from — is each column i times
 * σᵢ^(½ − p). A zero σᵢ stays zero (with p > ½ its column of U is gone, and 0^negative would be ∞).
 */
export function symmetricSplitScale(singularValues: ArrayLike<number>, eig: number, dimensions: number): Float64Array {
  return Float64Array.from({ length: dimensions }, (_, column) => (singularValues[column] > 0 ? Math.pow(singularValues[column], 0.5 - eig) : 0));
}

/** Rescales row-major V×d matrices in place by a per-column scale. */
export function scaleColumns(matrices: readonly Float32Array[], scale: Float64Array): void {
  const d = scale.length;
  for (const matrix of matrices) for (let index = 0; index < matrix.length; index++) matrix[index] *= scale[index % d];
}
