// e^x and ln(1 + e) as sgns.wat computes them (WebAssembly has no exp or log instruction), operation
// for operation, so the plain-TS reference gets the same bits. Both are accurate to about 1e-12, far
// below the float32 rounding of the gradient they feed: the sigmoid is exact, with no 1000-entry table
// and no clipping at |f| = 6 (word2vec.c's EXP_TABLE).

const log2e = 1.4426950408889634;
/** ln 2 split so that k·ln2High is exact for |k| < 2¹¹ (fdlibm's split). */
const ln2High = 0.6931471803691238;
const ln2Low = 1.9082149292705877e-10;

/** 2^k for k = −1022..0, built from the bits as sgns.wat does. */
const powersOfTwo = (() => {
  const table = new Float64Array(1023);
  const view = new DataView(new ArrayBuffer(8));
  for (let k = -1022; k <= 0; k++) {
    view.setUint32(0, (k + 1023) << 20);
    view.setUint32(4, 0);
    table[k + 1022] = view.getFloat64(0);
  }
  return table;
})();

/**
 * e^x for x ≤ 0 (0 below −708): x = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor polynomial to r¹¹
 * in Estrin's form (the same tree as sgns.wat), times 2^k.
 */
export function expNegative(x: number): number {
  if (x < -708) return 0;
  const k = Math.floor(x * log2e + 0.5);
  const r = x - k * ln2High - k * ln2Low;
  const r2 = r * r;
  const r4 = r2 * r2;
  const low = 1 + r + (0.5 + 0.16666666666666666 * r) * r2;
  const middle = 0.041666666666666664 + 0.008333333333333333 * r + (0.001388888888888889 + 0.0001984126984126984 * r) * r2;
  const high = 0.0000248015873015873 + 0.0000027557319223985893 * r + (2.755731922398589e-7 + 2.505210838544172e-8 * r) * r2;
  return (low + middle * r4 + high * (r4 * r4)) * powersOfTwo[k + 1022];
}

/**
 * ln(1 + e) for e in [0, 1]: 2·atanh(s) = 2s·(1 + t/3 + t²/5 + … + t¹²/25) with s = e/(2 + e) ≤ 1/3 and
 * t = s², in Estrin's form (the same tree as sgns.wat).
 */
export function log1pUnit(e: number): number {
  const s = e / (2 + e);
  const t = s * s;
  const t2 = t * t;
  const t4 = t2 * t2;
  const low = 1 + 0.3333333333333333 * t + (0.2 + 0.14285714285714285 * t) * t2;
  const middle = 0.1111111111111111 + 0.09090909090909091 * t + (0.07692307692307693 + 0.06666666666666667 * t) * t2;
  const high = 0.058823529411764705 + 0.05263157894736842 * t + (0.047619047619047616 + 0.043478260869565216 * t) * t2 + 0.04 * t4;
  return 2 * s * (low + middle * t4 + high * (t4 * t4));
}

/**
 * For f = w·c (a float32 value) and the label (1 for the true context word, 0 for noise): the gradient
 * coefficient label − σ(f) and the loss −log σ(f) (label 1) or −log σ(−f) (label 0), from one
 * e = exp(−|f|) without cancellation: for f ≥ 0, σ(f) = 1/(1+e) and 1 − σ(f) = e/(1+e).
 */
export function sigmoidStep(f: number, label: 0 | 1): { coefficient: number; loss: number } {
  const e = expNegative(-Math.abs(f));
  const q = 1 / (1 + e);
  const small = e * q;
  if (label === 1) return { coefficient: f >= 0 ? small : q, loss: Math.max(-f, 0) + log1pUnit(e) };
  return { coefficient: -(f >= 0 ? q : small), loss: Math.max(f, 0) + log1pUnit(e) };
}
