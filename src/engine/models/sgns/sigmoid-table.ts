// The batched update's sigmoid and loss, tabulated as word2vec.c and gensim do (their EXP_TABLE): a
// logit costs a table read instead of an exp and a log. The table is finer than word2vec's (128
// entries per unit instead of 83) and reaches ±8 instead of ±6; beyond that the nearest end entry
// is used (a gradient of at most 3·10⁻⁴ α, where word2vec's table gives 0). The trainer writes these
// tables into the shared memory, and the plain-TS reference reads the same arrays, so both get the
// same bits.

/** Entries in each table; sgns-batched.wat hard-codes 2048 (and 2047, the last index). */
export const sigmoidTableSize = 2048;
/** The table covers logits in [−maxLogit, maxLogit]. */
export const maxLogit = 8;
/** Entries per unit of logit: 2048 / 16. sgns-batched.wat hard-codes it. */
export const entriesPerUnit = sigmoidTableSize / (2 * maxLogit);

export interface SigmoidTables {
  /** sigmoid[i] = σ(xᵢ) at the bucket centres xᵢ = −8 + (i + ½)/128, so x₂₀₄₇₋ᵢ = −xᵢ exactly. */
  sigmoid: Float32Array;
  /** loss[i] = −log σ(xᵢ) = log(1 + e^(−xᵢ)). */
  loss: Float32Array;
}

export function buildSigmoidTables(): SigmoidTables {
  const sigmoid = new Float32Array(sigmoidTableSize);
  const loss = new Float32Array(sigmoidTableSize);
  for (let i = 0; i < sigmoidTableSize; i++) {
    const x = -maxLogit + (i + 0.5) / entriesPerUnit;
    sigmoid[i] = 1 / (1 + Math.exp(-x));
    loss[i] = Math.log1p(Math.exp(-x));
  }
  return { sigmoid, loss };
}

/**
 * The bucket of a float32 logit f, as sgns-batched.wat computes it: ⌊(f + 8)·128⌋ in float32
 * (i32.trunc_sat_f32_s: NaN gives 0), clamped to 0..2047. Label 1 reads σ(f) ≈ 1 − sigmoid[2047 − i]
 * so its gradient coefficient 1 − σ(f) is sigmoid[2047 − i]; label 0's is −sigmoid[i].
 */
export function logitBucket(f: number): number {
  const scaled = Math.fround(f + maxLogit) * entriesPerUnit;
  const bucket = Number.isNaN(scaled) ? 0 : Math.trunc(scaled);
  return bucket < 0 ? 0 : bucket > sigmoidTableSize - 1 ? sigmoidTableSize - 1 : bucket;
}
