// A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018), 128 bits of state,
// period 2^128 − 1, good statistical quality, and four 32-bit words that JS handles without BigInt.
// Math.random cannot be seeded, and a run must be repeatable from its seed.

export interface RandomSource {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform float in [0, 1), with 32 random bits. */
  nextFloat(): number;
}

/** SplitMix32 spreads a small seed (1, 2, 3 …) over all 128 state bits, as the xoshiro authors advise. */
function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createXoshiro128(seed: number): RandomSource {
  const next = splitMix32(Math.floor(seed) || 0);
  return xoshiro128FromState(next(), next(), next(), next());
}

/** The generator started from an explicit state (for checks against the reference implementation). */
export function xoshiro128FromState(state0: number, state1: number, state2: number, state3: number): RandomSource {
  let [s0, s1, s2, s3] = [state0 | 0, state1 | 0, state2 | 0, state3 | 0];
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is the one state the generator cannot leave

  const nextUint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };
  return { nextUint32, nextFloat: () => nextUint32() / 4294967296 };
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
