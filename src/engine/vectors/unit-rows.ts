// Rows of a V×d matrix scaled to length 1: cosine similarity is then a dot product. Every search and
// map that compares directions (evaluation, Compare's neighbours, UMAP) normalises here.

/** Rows scaled to unit length (norm summed in float64); an all-zero row stays zero (cosine 0). */
export function normalizeRows(vectors: Float32Array, dimensions: number): Float32Array {
  const unit = new Float32Array(vectors.length);
  for (let offset = 0; offset < vectors.length; offset += dimensions) {
    let squares = 0;
    for (let index = 0; index < dimensions; index++) squares += vectors[offset + index] * vectors[offset + index];
    if (squares === 0) continue;
    const scale = 1 / Math.sqrt(squares);
    for (let index = 0; index < dimensions; index++) unit[offset + index] = vectors[offset + index] * scale;
  }
  return unit;
}
