// Times the block Krylov SVD alone on the benchmark corpus's SPPMI matrix (window 5 flat, cds 0.75,
// shift k 5, d 100), the matrix cached in a temporary file after the first run. Several runs in one
// process, so a CPU profile (node --cpu-prof) shows the SVD's own shares.
//
//   tsx scripts/bench-krylov.ts [--runs 3] [--rank 100] [--threads 0]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKernels } from '../src/engine/compute';
import type { CsrMatrix } from '../src/engine/compute/csr';
import { countCooccurrences } from '../src/engine/cooccurrence';
import { prepareCorpus } from '../src/engine/corpus';
import { blockKrylovSvd } from '../src/engine/linalg/block-krylov-svd';
import { sppmi } from '../src/engine/pmi';
import { wholeNumberOption } from './bench-options';

const cacheFile = join(tmpdir(), 'firth-bench-krylov-sppmi.bin');

async function sppmiMatrix(): Promise<CsrMatrix> {
  if (existsSync(cacheFile)) {
    const bytes = readFileSync(cacheFile);
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, 3);
    const [rows, columns, nonZeros] = header;
    let offset = bytes.byteOffset + 12;
    const take = <T>(make: (buffer: ArrayBuffer) => T, length: number): T => {
      const copy = bytes.buffer.slice(offset, offset + length * 4);
      offset += length * 4;
      return make(copy);
    };
    const rowPointers = take((b) => new Uint32Array(b), rows + 1);
    const columnIndices = take((b) => new Uint32Array(b), nonZeros);
    const values = take((b) => new Float32Array(b), nonZeros);
    return { rows, columns, rowPointers, columnIndices, values };
  }
  const corpus = resolve(import.meta.dirname, '../../shared/data/text8_prefix.txt.gz');
  const prepared = await prepareCorpus(corpus, { tokenPattern: 'whitespace', minCount: 5 });
  const counts = await countCooccurrences(prepared.ids, prepared.vocabulary.words.length, { window: 5, weighting: 'flat', oovMode: 'dirty' }, { threads: 2 });
  const matrix = await sppmi(counts, { cds: 0.75, shiftK: 5 });
  const header = new Uint32Array([matrix.rows, matrix.columns, matrix.values.length]);
  writeFileSync(cacheFile, Buffer.concat([header, matrix.rowPointers, matrix.columnIndices, matrix.values].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
  return matrix;
}

async function main(): Promise<void> {
  const runs = wholeNumberOption('--runs', 3);
  const rank = wholeNumberOption('--rank', 100);
  const threads = wholeNumberOption('--threads', 0);
  const matrix = await sppmiMatrix();
  console.log(`SPPMI ${matrix.rows}×${matrix.columns}, ${matrix.values.length.toLocaleString('en')} non-zeros, d ${rank}`);
  const kernels = await createKernels('cpu', { threads });
  try {
    for (let run = 0; run < runs; run++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await blockKrylovSvd(matrix, rank, { seed: 1, kernels });
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const s = result.statistics;
      const timings = Object.entries(result.timings).map(([key, ms]) => `${key} ${ms.toFixed(0)}`).join(', ');
      console.log(
        `  run ${run + 1}: ${wallMs.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU; ${s.steps} steps, K ${s.dimension}, ` +
          `${s.passes} passes, ${s.gflop.toFixed(1)} GFLOP, est. error ${(s.estimatedError * 100).toFixed(2)} %; σ1 ${result.S[0].toFixed(3)} σ${rank} ${result.S[rank - 1].toFixed(4)}`,
      );
      console.log(`         ${timings}`);
    }
  } finally {
    await kernels.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
