// Times the randomized truncated SVD on a random sparse matrix shaped like the benchmark corpus's
// SPPMI matrix (22,541² with about 2.8 M non-zeros, power-law row lengths up to about 900), and the
// sparse×dense kernels it is built on. Nothing is asserted: the numbers are for people comparing
// machines and backends.
//
//   tsx scripts/bench-svd.ts [--size 22541] [--non-zeros 2800000] [--rank 100] [--oversample 10]
//                            [--power-iterations 4] [--threads N] [--backend cpu] [--repeats 3]
//                            [--allow-software] [--check]
//
// --check also runs a slow, more accurate SVD (q = 12, oversample 60) and prints how far the timed
// run's singular values are from it.
// --allow-software lets --backend gpu run on a software WebGPU adapter (SwiftShader), which needs
// VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json on a machine without a GPU.

import { createKernels, type BackendName, type Kernels } from '../src/engine/compute';
import type { CsrMatrix } from '../src/engine/compute/csr';
import { randomizedSvd, type SvdProgress } from '../src/engine/linalg/randomized-svd';
import { createXoshiro128, type RandomSource } from '../src/engine/random/xoshiro128';
import { textOption, wholeNumberOption } from './bench-options';



/** Draws indices in [0, size) with probability ∝ (index + 1)^-exponent, by inverse CDF. */
function powerLawSampler(size: number, exponent: number, random: RandomSource): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let index = 0; index < size; index++) cumulative[index] = total += (index + 1) ** -exponent;
  return () => {
    const target = random.nextFloat() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/**
 * A size×size CSR matrix with about `nonZeros` positive values, rows as a frequency-sorted
 * vocabulary has them: row r holds about c·(r+1)^-0.35 non-zeros (at most `longest`, at least 1),
 * in columns drawn with a power law, like the SPPMI matrix of a word co-occurrence count.
 */
function randomSppmiLike(size: number, nonZeros: number, longest: number, seed: number): CsrMatrix {
  const random = createXoshiro128(seed);
  const exponent = 0.35;
  const lengthOf = (scale: number, row: number) => Math.max(1, Math.min(longest, Math.round(scale * (row + 1) ** -exponent)));
  // Bisection for the scale that gives `nonZeros` in all.
  let low = 0;
  let high = nonZeros;
  for (let step = 0; step < 60; step++) {
    const middle = (low + high) / 2;
    let total = 0;
    for (let row = 0; row < size; row++) total += lengthOf(middle, row);
    if (total < nonZeros) low = middle;
    else high = middle;
  }
  const rowPointers = new Uint32Array(size + 1);
  for (let row = 0; row < size; row++) rowPointers[row + 1] = rowPointers[row] + lengthOf(high, row);
  const count = rowPointers[size];
  const columnIndices = new Uint32Array(count);
  const values = new Float32Array(count);
  const sampleColumn = powerLawSampler(size, 0.6, random);
  const taken = new Uint8Array(size);
  for (let row = 0; row < size; row++) {
    const start = rowPointers[row];
    const end = rowPointers[row + 1];
    for (let slot = start; slot < end; slot++) {
      let column = sampleColumn();
      // Redraw a repeated column; a uniform draw ends the rare long search in the crowded head.
      for (let attempt = 0; taken[column] && attempt < 20; attempt++) column = sampleColumn();
      while (taken[column]) column = Math.floor(random.nextFloat() * size);
      taken[column] = 1;
      columnIndices[slot] = column;
      values[slot] = 0.05 + 4 * random.nextFloat() ** 3;
    }
    columnIndices.subarray(start, end).sort();
    for (let slot = start; slot < end; slot++) taken[columnIndices[slot]] = 0;
  }
  return { rows: size, columns: size, rowPointers, columnIndices, values };
}

function randomDense(length: number, random: RandomSource): Float32Array {
  return Float32Array.from({ length }, () => random.nextFloat() * 2 - 1);
}

async function best(repeats: number, run: () => Promise<unknown>): Promise<{ firstMs: number; bestMs: number }> {
  let started = performance.now();
  await run();
  const firstMs = performance.now() - started;
  let bestMs = Infinity;
  for (let repeat = 0; repeat < repeats; repeat++) {
    started = performance.now();
    await run();
    bestMs = Math.min(bestMs, performance.now() - started);
  }
  return { firstMs, bestMs };
}

async function benchKernels(kernels: Kernels, matrix: CsrMatrix, width: number, repeats: number): Promise<void> {
  const random = createXoshiro128(7);
  const x = randomDense(matrix.columns * width, random);
  const prepared = await kernels.prepareSparse(matrix);
  try {
    const rows: Array<[string, { firstMs: number; bestMs: number }]> = [
      [`A·X (one-shot), X ${matrix.columns}×${width}`, await best(repeats, () => kernels.sparseTimesDense(matrix, x, width))],
      [`A·X (prepared)`, await best(repeats, () => prepared.timesDense(x, width))],
      [`Aᵀ·X (prepared)`, await best(repeats, () => prepared.transposeTimesDense(x, width))],
    ];
    for (const [name, { firstMs, bestMs }] of rows) {
      console.log(`  ${name.padEnd(44)} first ${firstMs.toFixed(1).padStart(7)} ms   best ${bestMs.toFixed(1).padStart(7)} ms`);
    }
  } finally {
    await prepared.release();
  }
}

async function main(): Promise<void> {
  const size = wholeNumberOption('--size', 22541);
  const nonZeros = wholeNumberOption('--non-zeros', 2_800_000);
  const rank = wholeNumberOption('--rank', 100);
  const oversample = wholeNumberOption('--oversample', 10);
  const powerIterations = wholeNumberOption('--power-iterations', 4);
  const threads = wholeNumberOption('--threads', 0);
  const repeats = Math.max(1, wholeNumberOption('--repeats', 3));
  const backend = textOption('--backend', 'cpu') as BackendName;
  const allowSoftwareAdapter = process.argv.includes('--allow-software');

  let started = performance.now();
  const matrix = randomSppmiLike(size, nonZeros, 914, 1);
  let longest = 0;
  for (let row = 0; row < size; row++) longest = Math.max(longest, matrix.rowPointers[row + 1] - matrix.rowPointers[row]);
  console.log(
    `matrix ${size}×${size}, ${matrix.values.length.toLocaleString('en')} non-zeros, longest row ${longest} ` +
      `(generated in ${(performance.now() - started).toFixed(0)} ms)`,
  );

  const kernels = await createKernels(backend, { threads, allowSoftwareAdapter });
  try {
    console.log(`backend ${kernels.backend.name}: ${kernels.backend.adapter}`);
    console.log('sparse × dense kernels:');
    await benchKernels(kernels, matrix, rank + oversample, repeats);

    console.log(`randomized SVD, d = ${rank}, oversample ${oversample}, q = ${powerIterations}:`);
    for (let repeat = 0; repeat < repeats; repeat++) {
      const stageMs = new Map<string, number>();
      let stageStarted = performance.now();
      started = stageStarted;
      const onProgress = (progress: SvdProgress) => {
        const now = performance.now();
        stageMs.set(progress.phase, (stageMs.get(progress.phase) ?? 0) + now - stageStarted);
        stageStarted = now;
      };
      const result = await randomizedSvd(matrix, rank, { oversample, powerIterations, seed: 1, kernels, onProgress });
      const totalMs = performance.now() - started;
      const stages = [...stageMs].map(([phase, ms]) => `${phase} ${ms.toFixed(0)} ms`).join(', ');
      console.log(`  run ${repeat + 1}: ${totalMs.toFixed(0)} ms  (${stages})`);
      if (repeat === repeats - 1) {
        const head = Array.from(result.S.subarray(0, 5), (value) => value.toFixed(3)).join(', ');
        console.log(`  σ1..σ5 = ${head}; σ${rank} = ${result.S[rank - 1].toFixed(3)}`);
        const parts = Object.entries(result.timings).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`);
        console.log(`  time by operation (last run): ${parts.join(', ')}`);
      }
    }
    if (process.argv.includes('--check')) {
      const timed = await randomizedSvd(matrix, rank, { oversample, powerIterations, seed: 1, kernels });
      const accurate = await randomizedSvd(matrix, rank, { oversample: 60, powerIterations: 12, seed: 2, kernels });
      const relative = (k: number) => Math.abs(timed.S[k] - accurate.S[k]) / accurate.S[k];
      let worst = 0;
      for (let k = 0; k < rank; k++) worst = Math.max(worst, relative(k));
      console.log(
        `  against q = 12, oversample 60: σ1 ${relative(0).toExponential(1)}, σ${rank / 2} ${relative(rank / 2 - 1).toExponential(1)}, ` +
          `σ${rank} ${relative(rank - 1).toExponential(1)}, worst ${worst.toExponential(1)} (relative)`,
      );
    }
  } finally {
    await kernels.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
