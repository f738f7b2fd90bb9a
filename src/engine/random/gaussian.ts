// Standard normal samples by the ziggurat method (Marsaglia & Tsang, "The Ziggurat Method for
// Generating Random Variables", J. Stat. Softw. 5(8), 2000: the 128-layer RNOR). About 99% of draws
// cost one 32-bit integer, a table lookup and a multiplication; Box–Muller costs a logarithm, a
// square root and a sine or cosine per value, which made the SVD's 22,541×110 test matrix take
// 50 ms instead of about 10.
//
// Marsaglia and Tsang take the layer from the low 7 bits of the same integer that gives the value;
// with a good generator (xoshiro128** here, not their SHR3) the only coupling is in bits below
// float32 precision of the result.

import type { RandomSource } from './xoshiro128';

/** r, the start of the tail, and v, the area of each layer, for 128 layers. */
const tailStart = 3.442619855899;
const layerArea = 9.91256303526217e-3;
const scale = 2 ** 31;

/** kn: |hz| below kn[i] is inside layer i's rectangle; wn: hz·wn[i] is the value; fn: e^(−x²/2) at layer edges. */
const kn = new Uint32Array(128);
const wn = new Float64Array(128);
const fn = new Float64Array(128);
{
  let edge = tailStart;
  let previous = edge;
  const q = layerArea / Math.exp(-0.5 * edge * edge);
  kn[0] = (edge / q) * scale;
  kn[1] = 0;
  wn[0] = q / scale;
  wn[127] = edge / scale;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * edge * edge);
  for (let layer = 126; layer >= 1; layer--) {
    edge = Math.sqrt(-2 * Math.log(layerArea / edge + Math.exp(-0.5 * edge * edge)));
    kn[layer + 1] = (edge / previous) * scale;
    previous = edge;
    fn[layer] = Math.exp(-0.5 * edge * edge);
    wn[layer] = edge / scale;
  }
}

/** A uniform value in (0, 1), never 0: its logarithm stays finite. */
function openUniform(random: RandomSource): number {
  return (random.nextUint32() + 0.5) / 4294967296;
}

/** The slow path: the tail beyond r (layer 0), or a point between a layer's rectangle and the curve. */
function fix(random: RandomSource, hz: number, layer: number): number {
  for (;;) {
    const x = hz * wn[layer];
    if (layer === 0) {
      let tail: number;
      let y: number;
      do {
        tail = -Math.log(openUniform(random)) / tailStart;
        y = -Math.log(openUniform(random));
      } while (y + y < tail * tail);
      return hz > 0 ? tailStart + tail : -tailStart - tail;
    }
    if (fn[layer] + openUniform(random) * (fn[layer - 1] - fn[layer]) < Math.exp(-0.5 * x * x)) return x;
    hz = random.nextUint32() | 0;
    layer = hz & 127;
    if (Math.abs(hz) < kn[layer]) return hz * wn[layer];
  }
}

/** Fills `target` with independent N(0, 1) values drawn from `random`. */
export function fillStandardNormal(target: Float32Array | Float64Array, random: RandomSource): void {
  for (let index = 0; index < target.length; index++) {
    const hz = random.nextUint32() | 0;
    const layer = hz & 127;
    target[index] = Math.abs(hz) < kn[layer] ? hz * wn[layer] : fix(random, hz, layer);
  }
}
