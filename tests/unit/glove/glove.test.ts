import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gloveCellsReference } from '../../../src/engine/compute/reference/glove-epoch';
import { readNpyMatrix } from '../../../src/engine/formats/npy';
import { loadEmbedding } from '../../../src/engine/formats/load-embedding';
import { runDefaultMatrix } from '../../../src/engine/formats/run-folder';
import { GloveSettingsSchema } from '../../../src/shared/hyperparameters/glove';
import { runTraining } from '../../../src/workbench/runs/train-run';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';

const tempFolder = useTempFolders();

describe('GloVe', () => {
  it("updates a cell as glove.c does, worked by hand on a 2-word, 2-d matrix", () => {
    // Word 0 = (0.1, 0.2), bias 0.05; context 1 = (0.3, −0.1), bias −0.02; N_01 = 4, x_max 10, α 0.75, η 0.05.
    const parameters = Float64Array.of(0.1, 0.2, 0.05, 0, 0, 0, 0, 0, 0, 0.3, -0.1, -0.02);
    const tables = { vocabularySize: 2, dimensions: 2, parameters, squaredGradients: new Float64Array(12).fill(1) };
    const cells = { rows: Uint32Array.of(0), columns: Uint32Array.of(1), logCounts: Float64Array.of(Math.log(4)), weights: Float64Array.of(0.4 ** 0.75) };
    const cost = gloveCellsReference(tables, cells, 0, 1, { learningRate: 0.05, gradientClip: 100 });

    const diff = 0.1 * 0.3 + 0.2 * -0.1 + 0.05 - 0.02 - 1.3862943611198906; // −1.34629…
    const fdiff = 0.5029733718731742 * diff; // f(4) = 0.4^0.75
    expect(cost).toBeCloseTo(0.5 * fdiff * diff, 12);
    const expected = [
      0.1 - 0.05 * fdiff * 0.3, // w − η·fdiff·c / √1
      0.2 - 0.05 * fdiff * -0.1,
      0.05 - fdiff, // the bias step has no η in glove.c
      0.3 - 0.05 * fdiff * 0.1,
      -0.1 - 0.05 * fdiff * 0.2,
      -0.02 - fdiff,
    ];
    const actual = [parameters[0], parameters[1], parameters[2], parameters[9], parameters[10], parameters[11]];
    actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index], 12));
    expect(tables.squaredGradients[0]).toBeCloseTo(1 + (0.05 * fdiff * 0.3) ** 2, 12);
    expect(tables.squaredGradients[2]).toBeCloseTo(1 + fdiff * fdiff, 12);
    expect(tables.squaredGradients[11]).toBeCloseTo(1 + fdiff * fdiff, 12);
    // Untouched rows stay as they were.
    expect(Array.from(parameters.slice(3, 9))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('clips each component of the vector gradient to ±gradientClip', () => {
    const parameters = Float64Array.of(10, 0, 0, 10, 0, 0);
    const tables = { vocabularySize: 1, dimensions: 2, parameters, squaredGradients: new Float64Array(6).fill(1) };
    // diff = 100 − log 1 = 100, f = 1: fdiff·c = 1000 is clipped to 100, so w moves by η·100 = 5.
    gloveCellsReference(tables, { rows: Uint32Array.of(0), columns: Uint32Array.of(0), logCounts: Float64Array.of(0), weights: Float64Array.of(1) }, 0, 1, { learningRate: 0.05, gradientClip: 100 });
    expect(parameters[0]).toBeCloseTo(5, 12);
    expect(parameters[3]).toBeCloseTo(5, 12);
  });

  it('trains on a slice of text8 past a similarity floor and writes W, C, biases and W + C', async () => {
    const work = tempFolder();
    const corpusFile = writeCorpusSlice(work, 700_000);
    const out = join(work, 'glove');
    const record = await runTraining({
      model: 'glove',
      corpusFile,
      out,
      cacheFolder: join(work, 'cache'),
      backend: 'cpu',
      threads: 1,
      corpus: { minCount: 5 },
      settings: { dimensions: 30, iterations: 10 },
    });
    const V = record.vocabularySize;
    const loss = JSON.parse(readFileSync(join(out, 'loss.json'), 'utf8')) as { iterations: Array<{ cost: number }> };
    expect(loss.iterations).toHaveLength(10);
    expect(loss.iterations[9].cost).toBeLessThan(loss.iterations[0].cost);
    const [W, C, WC] = await Promise.all(['W.npy', 'C.npy', 'WC.npy'].map((name) => readNpyMatrix(join(out, name))));
    expect([W.rows, W.columns, C.rows, WC.rows]).toEqual([V, 30, V, V]);
    expect(WC.values[7]).toBeCloseTo(W.values[7] + C.values[7], 6);
    for (const name of ['word-biases.npy', 'context-biases.npy']) expect(readFileSync(join(out, name)).length).toBeGreaterThan(V * 8);
    // Evaluation, neighbours and export read W + C from a GloVe run unless told otherwise.
    expect(runDefaultMatrix(out)).toBe('w+c');
    expect((await loadEmbedding(out)).files.map((file) => file.split('/').at(-1))).toEqual(['vocab.tsv', 'WC.npy']);

    const words = readFileSync(join(out, 'vocab.tsv'), 'utf8').trim().split('\n').map((line) => line.split('\t')[0]);
    const index = new Map(words.map((word, id) => [word, id]));
    const d = 30;
    const cosine = (a: string, b: string) => {
      const [i, j] = [index.get(a)!, index.get(b)!];
      let [dot, ni, nj] = [0, 0, 0];
      for (let r = 0; r < d; r++) {
        dot += WC.values[i * d + r] * WC.values[j * d + r];
        ni += WC.values[i * d + r] ** 2;
        nj += WC.values[j * d + r] ** 2;
      }
      return dot / Math.sqrt(ni * nj);
    };
    const related = [['one', 'two'], ['three', 'four'], ['he', 'she'], ['january', 'february'], ['france', 'germany'], ['city', 'town']];
    const unrelated = [['one', 'she'], ['three', 'january'], ['he', 'four'], ['france', 'two'], ['city', 'february'], ['germany', 'town']];
    const meanOf = (pairs: string[][]) => pairs.reduce((sum, [a, b]) => sum + cosine(a, b), 0) / pairs.length;
    // Measured: related 0.74, unrelated 0.35.
    expect(meanOf(related) - meanOf(unrelated)).toBeGreaterThan(0.2);
    expect(cosine('one', 'two')).toBeGreaterThan(0.6);
  });

  it('refuses x_max ≤ 0 and a learning rate ≤ 0', () => {
    for (const bad of [{ xMax: 0 }, { xMax: -1 }, { learningRate: 0 }, { iterations: 0 }]) expect(GloveSettingsSchema.safeParse(bad).success).toBe(false);
  });
});

describe('GloVe on the cpu backend (glove.wat)', () => {
  it('stores float32 tables and matches the float32 reference cell by cell on a small matrix', async () => {
    const { startGloveIterations } = await import('../../../src/engine/models/glove/train-glove-wasm');
    const { initialGloveTables } = await import('../../../src/engine/models/glove/train-glove');
    const random = (await import('../../../src/engine/random/xoshiro128')).createXoshiro128(11);
    // V 30, d 9 (rows padded to 12 float32 in the kernel), 3,000 cells with repeats, 2 passes.
    const V = 30;
    const d = 9;
    const n = 3_000;
    const cells = {
      rows: Uint32Array.from({ length: n }, () => Math.floor(V * random.nextFloat())),
      columns: Uint32Array.from({ length: n }, () => Math.floor(V * random.nextFloat())),
      logCounts: Float64Array.from({ length: n }, () => 3 * random.nextFloat()),
      weights: Float64Array.from({ length: n }, () => random.nextFloat()),
    };
    const reference = initialGloveTables(V, d, 3);
    const options = { learningRate: 0.05, gradientClip: 100, tablePrecision: 'float32' as const };
    const referenceCosts = [gloveCellsReference(reference, cells, 0, n, options), gloveCellsReference(reference, cells, 0, n, options)];
    // Every stored vector and accumulator entry is a float32.
    for (let row = 0; row < 2 * V; row++) {
      for (let b = 0; b < d; b++) {
        const index = row * (d + 1) + b;
        expect(Math.fround(reference.parameters[index])).toBe(reference.parameters[index]);
        expect(Math.fround(reference.squaredGradients[index])).toBe(reference.squaredGradients[index]);
      }
    }
    const iterations = await startGloveIterations(initialGloveTables(V, d, 3), cells, 1);
    try {
      const costs = [await iterations.iterate(0.05, 100, async () => {}), await iterations.iterate(0.05, 100, async () => {})];
      const kernel = iterations.tables();
      // Tolerance: a few float32 ulps of the values (|w| < 1, G < 10^3), from the dot product's lane order.
      for (let index = 0; index < kernel.parameters.length; index++) {
        expect(Math.abs(kernel.parameters[index] - reference.parameters[index])).toBeLessThan(1e-5);
        expect(Math.abs(kernel.squaredGradients[index] - reference.squaredGradients[index])).toBeLessThan(1e-6 * reference.squaredGradients[index]);
      }
      costs.forEach((cost, pass) => expect(Math.abs(cost - referenceCosts[pass])).toBeLessThan(1e-5 * referenceCosts[pass]));
    } finally {
      await iterations.dispose();
    }
  });

  it('gives the TypeScript reference\'s vectors with one thread, and learns with two', async () => {
    const { trainGlove } = await import('../../../src/engine/models/glove/train-glove');
    const random = (await import('../../../src/engine/random/xoshiro128')).createXoshiro128(5);
    const V = 40;
    const ids = Int32Array.from({ length: 20_000 }, () => Math.min(V - 1, Math.floor(V * random.nextFloat() ** 2)));
    const settings = GloveSettingsSchema.parse({ window: 4, dimensions: 7, iterations: 5, xMax: 5 });
    const reference = await trainGlove({ ids, vocabularySize: V }, settings, { kernel: 'typescript', threads: 0 });
    const wasm = await trainGlove({ ids, vocabularySize: V }, settings, { kernel: 'wasm', threads: 1 });
    expect(wasm.threads).toBe(1);
    // Same operations and float32 tables, but the kernel sums the dot product in four float32 lanes
    // and the reference in float64: equal to rounding.
    for (let index = 0; index < reference.W.length; index++) {
      expect(wasm.W[index]).toBeCloseTo(reference.W[index], 5);
      expect(wasm.C[index]).toBeCloseTo(reference.C[index], 5);
    }
    for (let word = 0; word < V; word++) expect(wasm.wordBiases[word]).toBeCloseTo(reference.wordBiases[word], 8);
    wasm.costCurve.forEach((step, index) => expect(step.cost).toBeCloseTo(reference.costCurve[index].cost, 8));
    const hogwild = await trainGlove({ ids, vocabularySize: V }, settings, { kernel: 'wasm', threads: 2 });
    expect(hogwild.costCurve.at(-1)!.cost).toBeLessThan(hogwild.costCurve[0].cost);
    expect(Math.abs(hogwild.costCurve.at(-1)!.cost - reference.costCurve.at(-1)!.cost)).toBeLessThan(0.05 * reference.costCurve.at(-1)!.cost);
  });
});
