import { describe, expect, it } from 'vitest';
import { compileWasmModule } from '../../../src/engine/compute/cpu/wasm-modules';
import { webAssembly } from '../../../src/engine/compute/cpu/webassembly';
import { buildNoiseTable } from '../../../src/engine/models/sgns';
import { expNegative, log1pUnit, sigmoidStep } from '../../../src/engine/models/sgns/exact-math';
import { control, threadBlock } from '../../../src/engine/models/sgns/layout';
import { drawNoise, scaleUint32 } from '../../../src/engine/models/sgns/noise';
import { runStreams } from '../../../src/engine/models/sgns/streams';
import { createXoshiro128, xoshiro128FromState } from '../../../src/engine/random/xoshiro128';

/** sgns.wat instantiated on this thread over its own shared memory. */
async function sgnsInstance() {
  const memory = new webAssembly!.Memory({ initial: 64, maximum: 65536, shared: true });
  const instance = new webAssembly!.Instance(await compileWasmModule('cpu/sgns'), { env: { memory } });
  return { memory, exports: instance.exports as Record<string, (...args: number[]) => number> };
}

describe('scaleUint32', () => {
  it('is ⌊r·n/2³²⌋ exactly, where r·n exceeds 2⁵³', () => {
    const random = createXoshiro128(5);
    for (let i = 0; i < 5000; i++) {
      const r = random.nextUint32();
      const n = 1 + (random.nextUint32() >>> 1);
      expect(scaleUint32(r, n)).toBe(Number((BigInt(r) * BigInt(n)) >> 32n));
    }
    expect(scaleUint32(0xffffffff, 2 ** 31 - 1)).toBe(2 ** 31 - 2);
    expect(scaleUint32(0, 7)).toBe(0);
  });
});

describe('noise table (Vose alias over unigram^exponent)', () => {
  const counts = Float64Array.from({ length: 200 }, (_, i) => Math.round(10000 / (i + 1)) + (i % 7 === 0 ? 0 : 1));
  counts[150] = 0;

  it('holds the distribution exactly: each word’s buckets add up to its probability', () => {
    for (const exponent of [0.75, 1, 0, -0.5]) {
      const table = buildNoiseTable(counts, exponent);
      const V = counts.length;
      const mass = new Float64Array(V);
      for (let bucket = 0; bucket < V; bucket++) {
        const own = table.threshold[bucket] === 0xffffffff && table.alias[bucket] === bucket ? 1 : table.threshold[bucket] / 2 ** 32;
        mass[bucket] += own / V;
        mass[table.alias[bucket]] += (1 - own) / V;
      }
      let total = 0;
      for (let word = 0; word < V; word++) total += counts[word] > 0 ? counts[word] ** exponent : 0;
      for (let word = 0; word < V; word++) {
        const expected = counts[word] > 0 ? counts[word] ** exponent / total : 0;
        expect(table.probability[word]).toBeCloseTo(expected, 14);
        expect(Math.abs(mass[word] - expected)).toBeLessThan(1e-8);
      }
    }
  });

  it('draws follow unigram^0.75 (chi-square), in TypeScript and in WebAssembly alike', async () => {
    const table = buildNoiseTable(counts, 0.75);
    const draws = 400_000;
    const { memory, exports } = await sgnsInstance();
    const buffer = memory.buffer;
    const V = counts.length;
    const controlAt = 0;
    const threadAt = 128;
    const thresholdAt = 1024;
    const aliasAt = thresholdAt + V * 4;
    const outAt = aliasAt + V * 4;
    const i32 = new Int32Array(buffer);
    i32[(controlAt + control.vocabularySize) / 4] = V;
    i32[(controlAt + control.noiseThreshold) / 4] = thresholdAt;
    i32[(controlAt + control.noiseAlias) / 4] = aliasAt;
    new Uint32Array(buffer, thresholdAt, V).set(table.threshold);
    new Int32Array(buffer, aliasAt, V).set(table.alias);
    const state = runStreams(9, 1).threads[0];
    i32.set(state, (threadAt + threadBlock.randomState) / 4);
    exports.drawNoise(controlAt, threadAt, outAt, draws);
    const fromWasm = new Int32Array(buffer, outAt, draws);

    const random = xoshiro128FromState(...state);
    const observed = new Float64Array(V);
    let mismatches = 0;
    for (let i = 0; i < draws; i++) {
      const word = drawNoise(random, table);
      if (word !== fromWasm[i]) mismatches++;
      observed[word]++;
    }
    expect(mismatches).toBe(0);
    expect(observed[150]).toBe(0);
    let chiSquare = 0;
    let degrees = -1;
    for (let word = 0; word < V; word++) {
      const expected = table.probability[word] * draws;
      if (expected === 0) continue;
      chiSquare += (observed[word] - expected) ** 2 / expected;
      degrees++;
    }
    // χ² with ν = 198 degrees of freedom has mean ν and sd √(2ν) ≈ 20: allow 5 sd.
    expect(degrees).toBe(198);
    expect(chiSquare).toBeLessThan(degrees + 5 * Math.sqrt(2 * degrees));
    // And it is not simply unigram: the exponent flattens the head.
    const head = observed[0] / draws;
    expect(head).toBeCloseTo(table.probability[0], 2);
    expect(head).toBeLessThan(counts[0] / counts.reduce((a, b) => a + b, 0));
  });
});

describe('random streams', () => {
  it('sgns.wat’s xoshiro128** is the stream of src/engine/random', async () => {
    const { memory, exports } = await sgnsInstance();
    const state = runStreams(1, 2).threads[1];
    const i32 = new Int32Array(memory.buffer);
    i32.set(state, (0 + threadBlock.randomState) / 4);
    exports.drawUint32(0, 4096, 1000);
    exports.drawUint32(0, 4096 + 4000, 1000); // the state is saved between calls
    const random = xoshiro128FromState(...state);
    const fromWasm = new Uint32Array(memory.buffer, 4096, 2000);
    for (let i = 0; i < 2000; i++) expect(fromWasm[i]).toBe(random.nextUint32());
  });

  it('gives thread i the same stream whatever the thread count', () => {
    expect(runStreams(3, 4).threads[0]).toEqual(runStreams(3, 1).threads[0]);
    expect(runStreams(3, 4).initial).toEqual(runStreams(3, 1).initial);
    expect(runStreams(3, 2).threads[1]).not.toEqual(runStreams(3, 2).threads[0]);
    expect(runStreams(4, 1).threads[0]).not.toEqual(runStreams(3, 1).threads[0]);
  });
});

describe('exact sigmoid arithmetic', () => {
  it('expNegative and log1pUnit are accurate to 1e-12 (1e-13 for log1p) and give sgns.wat’s bits', async () => {
    const { exports } = await sgnsInstance();
    const random = createXoshiro128(11);
    for (let i = 0; i < 20000; i++) {
      const x = -random.nextFloat() * (i % 10 === 0 ? 800 : 20);
      const e = expNegative(x);
      expect(Object.is(exports.expNegative(x), e)).toBe(true);
      if (x > -700) expect(Math.abs(e - Math.exp(x))).toBeLessThanOrEqual(1e-12 * Math.exp(x));
      const u = random.nextFloat();
      expect(Object.is(exports.log1pUnit(u), log1pUnit(u))).toBe(true);
      expect(Math.abs(log1pUnit(u) - Math.log1p(u))).toBeLessThanOrEqual(1e-13);
    }
    expect(expNegative(0)).toBe(1);
    expect(expNegative(-800)).toBe(0);
  });

  it('gives label − σ(f) and −log σ(±f) without the table or clipping', () => {
    const sigma = (f: number) => 1 / (1 + Math.exp(-f));
    for (const f of [-30, -6.5, -1, -1e-3, 0, 0.5, 6.5, 30]) {
      const positive = sigmoidStep(Math.fround(f), 1);
      const negative = sigmoidStep(Math.fround(f), 0);
      const x = Math.fround(f);
      expect(positive.coefficient).toBeCloseTo(1 - sigma(x), 12);
      expect(negative.coefficient).toBeCloseTo(-sigma(x), 12);
      expect(positive.loss).toBeCloseTo(Math.log1p(Math.exp(-x)), 10);
      expect(negative.loss).toBeCloseTo(Math.log1p(Math.exp(x)), 10);
    }
    // Beyond word2vec's MAX_EXP = 6 the gradient is not cut to 0 or ±α.
    expect(sigmoidStep(7, 1).coefficient).toBeGreaterThan(9e-4);
    expect(sigmoidStep(7, 0).coefficient).toBeGreaterThan(-1);
  });
});
