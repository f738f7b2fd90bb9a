// The fdlibm log1p ported to WebAssembly (compute/cpu/sppmi.wat, which SPPMI on the counting threads
// uses), one at a time and two lanes at a time, against Math.log1p, which V8 computes with the same fdlibm code: bit for bit on random bit
// patterns (every finite, infinite and NaN double), on the ranges SPPMI's arguments fall in, and next
// to the thresholds of the port's branches (powers of 2, √2 − 1, √2/2 − 1, 2^−29, 2^−54, 2^53). On a
// build of V8 that fuses a·b + c into one rounding (not x64's), the two may differ in the last bit:
// there the test asks for 1 ulp.

import { describe, expect, it } from 'vitest';
import { compileWasmModule } from '../../../src/engine/compute/cpu/wasm-modules';
import { webAssembly } from '../../../src/engine/compute/cpu/webassembly';

const exact = process.arch === 'x64';

interface Log1ps {
  /** The one-at-a-time port. */
  log1p: (x: number) => number;
  /** The two-lane version finishKept uses (log1pArray: pairs, then the last one alone), over many at once. */
  log1pArray: (inputs: Float64Array) => Float64Array;
}

async function wasmLog1p(): Promise<Log1ps> {
  const memory = new webAssembly!.Memory({ initial: 1, maximum: 65536, shared: true });
  const instance = new webAssembly!.Instance(await compileWasmModule('cpu/sppmi'), { env: { memory } });
  const exports = instance.exports as { log1p: (x: number) => number; log1pArray: (input: number, output: number, count: number) => void };
  return {
    log1p: exports.log1p,
    log1pArray: (inputs) => {
      const needed = 16 * inputs.length + 16;
      if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
      new Float64Array(memory.buffer, 0, inputs.length).set(inputs);
      const output = 8 * inputs.length;
      exports.log1pArray(0, output, inputs.length);
      return new Float64Array(memory.buffer, output, inputs.length).slice();
    },
  };
}

/** A deterministic stream of u32s (xorshift32). */
function randomWords(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

const bits = new DataView(new ArrayBuffer(8));
function fromWords(high: number, low: number): number {
  bits.setUint32(0, high);
  bits.setUint32(4, low);
  return bits.getFloat64(0);
}
function ulpsApart(a: number, b: number): number {
  bits.setFloat64(0, a);
  const first = bits.getBigInt64(0);
  bits.setFloat64(0, b);
  const second = bits.getBigInt64(0);
  return Number(first > second ? first - second : second - first);
}

function same(actual: number, expected: number): boolean {
  return Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected)) || (!exact && ulpsApart(actual, expected) <= 1);
}

/**
 * Checks both versions' log1p(x) for every x against Math.log1p, and returns how many were checked
 * and the first few that differed (for the message). The inputs go to the two-lane version in order
 * and, shifted by one, once more, so each value meets both lanes and different neighbours.
 */
function compare({ log1p, log1pArray }: Log1ps, inputs: Iterable<number>): { checked: number; differing: string[] } {
  const values = Float64Array.from(inputs);
  const differing: string[] = [];
  const note = (how: string, x: number, actual: number) => differing.length < 5 && differing.push(`${how} log1p(${x}) = ${actual}, Math.log1p gives ${Math.log1p(x)}`);
  const paired = log1pArray(values);
  const shifted = log1pArray(values.subarray(1));
  for (let index = 0; index < values.length; index++) {
    const x = values[index];
    const expected = Math.log1p(x);
    if (!same(log1p(x), expected)) note('one at a time:', x, log1p(x));
    if (!same(paired[index], expected)) note('in pairs:', x, paired[index]);
    if (index > 0 && !same(shifted[index - 1], expected)) note('in pairs, shifted:', x, shifted[index - 1]);
  }
  return { checked: values.length, differing };
}

describe('log1p ported to WebAssembly', () => {
  it('returns what Math.log1p returns on two million random bit patterns', async () => {
    const next = randomWords(7);
    const { checked, differing } = compare(
      await wasmLog1p(),
      (function* () {
        for (let index = 0; index < 2_000_000; index++) yield fromWords(next(), next());
      })(),
    );
    expect(checked).toBe(2_000_000);
    expect(differing).toEqual([]);
  });

  it('returns what Math.log1p returns where SPPMI takes it: tiny to huge positive arguments, and (−1, 0)', async () => {
    const log1p = await wasmLog1p();
    const next = randomWords(11);
    const uniform = () => (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
    const { checked, differing } = compare(
      log1p,
      (function* () {
        for (let index = 0; index < 1_000_000; index++) {
          yield 2 ** (uniform() * 140 - 100); // 2^−100 … 2^40, log-uniform: every branch of a positive argument
          yield uniform() * 3; // SPPMI's values are mostly here: e^PMI − 1 of a few
          yield -uniform(); // (−1, 0]
        }
      })(),
    );
    expect(checked).toBe(3_000_000);
    expect(differing).toEqual([]);
  });

  it('returns what Math.log1p returns next to its thresholds and at the special values', async () => {
    const near = (value: number, steps: number) => {
      const values: number[] = [];
      for (let step = -steps; step <= steps; step++) values.push(value * (1 + step * 2 ** -52));
      return values;
    };
    const inputs: number[] = [0, -0, 1, -1, 2, Infinity, -Infinity, NaN, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, -1 + 2 ** -53];
    for (let exponent = -1074; exponent <= 1023; exponent++) {
      const power = 2 ** exponent;
      inputs.push(...near(power, 40), -power, power * Math.SQRT2, power - 1, power + 1);
    }
    for (const threshold of [Math.SQRT2 - 1, Math.SQRT1_2 - 1, 2 ** -29, 2 ** -54, 2 ** 53, -(2 ** -29), -(2 ** -54)]) inputs.push(...near(threshold, 2_000));
    // 1 + x whose mantissa's top 20 bits are √2's (0x6A09E), where the reduction switches from u to
    // u/2, and those that reduce to within 2^−20 of a power of 2 (fdlibm's shorter series), at every k.
    const next = randomWords(5);
    for (let exponent = -1; exponent <= 52; exponent++) {
      for (let index = 0; index < 500; index++) {
        const offset = next() / 2 ** 32;
        inputs.push(2 ** exponent * (1 + (0x6a09e + offset) / 2 ** 20) - 1);
        inputs.push(2 ** exponent * (1 + offset / 2 ** 20) - 1, 2 ** exponent * (2 - offset / 2 ** 20) - 1);
      }
    }
    const { checked, differing } = compare(await wasmLog1p(), inputs);
    expect(checked).toBeGreaterThan(170_000);
    expect(differing).toEqual([]);
  });
});
