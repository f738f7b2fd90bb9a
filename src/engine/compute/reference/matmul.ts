/**
 * C(m×n) = A(m×k)·B(k×n) on row-major matrices, accumulated in float64 and rounded once to float32:
 * the answer every backend's kernel is tested against. Slow on purpose (no blocking, no threads).
 */
export function matmulReference(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const row = new Float64Array(n);
  const c = new Float32Array(m * n);
  for (let r = 0; r < m; r++) {
    row.fill(0);
    for (let i = 0; i < k; i++) {
      const value = a[r * k + i];
      const bOffset = i * n;
      for (let column = 0; column < n; column++) row[column] += value * b[bOffset + column];
    }
    c.set(row, r * n);
  }
  return c;
}
