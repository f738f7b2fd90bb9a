// The co-occurrence count matrix N: rows are words, columns contexts, both in vocabulary order.

/**
 * CSR like linalg's CsrMatrix (row r's cells are at slots [rowPointers[r], rowPointers[r+1])), but with
 * float64 values: fractional weights (dyn, harmonic) and counts above 2^24 would lose precision in
 * float32. Column indices ascend within each row.
 */
export interface CooccurrenceMatrix {
  rows: number;
  columns: number;
  rowPointers: Uint32Array;
  columnIndices: Uint32Array;
  values: Float64Array;
  /** N_w = Σ_c N(w, c): the word marginal that PMI uses (hyperwords' counts2vocab). */
  rowSums: Float64Array;
  /** N_c = Σ_w N(w, c): the context marginal, raised to α for context-distribution smoothing. */
  columnSums: Float64Array;
  /** N = Σ N(w, c). */
  total: number;
}
