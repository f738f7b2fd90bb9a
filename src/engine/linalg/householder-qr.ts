/**
 * Thin QR of a tall matrix Y (rows×columns, row-major, rows ≥ columns) by Householder reflections in
 * float64: Y = Q·R with Q rows×columns orthonormal and R columns×columns upper triangular.
 *
 * Backward stable whatever Y's condition, rank-deficient Y included (Q then still has orthonormal
 * columns; those past Y's rank span directions of the reflectors' choosing). About 4·rows·columns²
 * flops in plain JavaScript: tallSkinnyQr's fallback when Cholesky-QR cannot run, not its fast path.
 */
export function householderQr(y: Float32Array | Float64Array, rows: number, columns: number): { Q: Float32Array; R: Float64Array } {
  if (rows < columns) throw new Error(`householderQr needs rows ≥ columns (got ${rows}×${columns})`);
  // Column-major working copy: each reflection then runs down contiguous columns.
  const a = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) a[column * rows + row] = y[row * columns + column];
  }
  // Reflector k is I − 2·v·vᵀ with v stored in a[k·rows + k .. k·rows + rows), normalised to |v| = 1.
  const reflectors = new Float64Array(rows * columns);
  const R = new Float64Array(columns * columns);
  for (let k = 0; k < columns; k++) {
    const base = k * rows;
    let norm = 0;
    for (let row = k; row < rows; row++) norm += a[base + row] * a[base + row];
    norm = Math.sqrt(norm);
    // v = x + sign(x₀)·|x|·e₀ avoids cancellation; x = 0 needs no reflection (v = 0 is the identity).
    const alpha = a[base + k] >= 0 ? -norm : norm;
    let vNorm = 0;
    for (let row = k; row < rows; row++) {
      const value = row === k ? a[base + row] - alpha : a[base + row];
      reflectors[base + row] = value;
      vNorm += value * value;
    }
    vNorm = Math.sqrt(vNorm);
    if (vNorm > 0) for (let row = k; row < rows; row++) reflectors[base + row] /= vNorm;
    for (let column = k; column < columns; column++) {
      const target = column * rows;
      let dot = 0;
      for (let row = k; row < rows; row++) dot += reflectors[base + row] * a[target + row];
      dot *= 2;
      for (let row = k; row < rows; row++) a[target + row] -= dot * reflectors[base + row];
    }
    for (let column = k; column < columns; column++) R[k * columns + column] = a[column * rows + k];
  }
  // Q = H₀·H₁·…·H_{c−1} applied to the first `columns` columns of the identity, last reflector first.
  const q = new Float64Array(rows * columns);
  for (let column = 0; column < columns; column++) q[column * rows + column] = 1;
  for (let k = columns - 1; k >= 0; k--) {
    const base = k * rows;
    for (let column = k; column < columns; column++) {
      const target = column * rows;
      let dot = 0;
      for (let row = k; row < rows; row++) dot += reflectors[base + row] * q[target + row];
      dot *= 2;
      for (let row = k; row < rows; row++) q[target + row] -= dot * reflectors[base + row];
    }
  }
  const Q = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) Q[row * columns + column] = q[column * rows + row];
  }
  return { Q, R };
}
