/**
 * G(n×n) = AᵀA for a row-major A (m×n), in float64 throughout: the answer every backend's gram
 * kernel is tested against.
 */
export function gramReference(a: Float32Array, m: number, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let row = 0; row < m; row++) {
    const offset = row * n;
    for (let i = 0; i < n; i++) {
      const value = a[offset + i];
      for (let j = 0; j < n; j++) g[i * n + j] += value * a[offset + j];
    }
  }
  return g;
}
