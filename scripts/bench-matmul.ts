// Times C = A·B on every backend that runs here and prints a table. Nothing is asserted: the numbers
// are for people comparing machines and backends.
//
//   tsx scripts/bench-matmul.ts [--size 512] [--repeats 5] [--threads N] [--allow-software]
//
// --allow-software also times the gpu backend on a software WebGPU adapter (SwiftShader), which
// needs VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json on a machine without a GPU.

import { createKernels, detectBackends, matmulReference, type BackendName } from '../src/engine/compute';
import { wholeNumberOption } from './bench-options';


function randomMatrix(rows: number, columns: number): Float32Array {
  return Float32Array.from({ length: rows * columns }, () => Math.random() * 2 - 1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Row {
  backend: string;
  adapter: string;
  firstMs: number;
  bestMs: number;
  medianMs: number;
  worstRelativeError: number;
}

async function main(): Promise<void> {
  const size = wholeNumberOption('--size', 512);
  const repeats = Math.max(1, wholeNumberOption('--repeats', 5));
  const threads = wholeNumberOption('--threads', 0);
  const allowSoftwareAdapter = process.argv.includes('--allow-software');
  const [m, k, n] = [size, size, size];
  const a = randomMatrix(m, k);
  const b = randomMatrix(k, n);
  const flops = 2 * m * k * n;

  let started = performance.now();
  const expected = matmulReference(a, b, m, k, n);
  const referenceMs = performance.now() - started;
  // Errors are measured against (|A|·|B|)[r, c], the scale float32 rounding works at; relative to
  // C itself they blow up wherever a cell happens to sum to nearly 0.
  const scale = matmulReference(a.map(Math.abs), b.map(Math.abs), m, k, n);
  const rows: Row[] = [
    { backend: 'reference', adapter: 'plain TypeScript, float64, 1 thread', firstMs: referenceMs, bestMs: referenceMs, medianMs: referenceMs, worstRelativeError: 0 },
  ];

  for (const info of await detectBackends({ allowSoftwareAdapter, threads })) {
    if (!info.available) {
      console.log(`${info.name}: not available: ${info.reason}`);
      continue;
    }
    const kernels = await createKernels(info.name as BackendName, { allowSoftwareAdapter, threads });
    try {
      started = performance.now();
      let c = await kernels.matmul(a, b, m, k, n);
      const firstMs = performance.now() - started;
      const times: number[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        started = performance.now();
        c = await kernels.matmul(a, b, m, k, n);
        times.push(performance.now() - started);
      }
      let worst = 0;
      for (let index = 0; index < c.length; index++) {
        worst = Math.max(worst, Math.abs(c[index] - expected[index]) / scale[index]);
      }
      rows.push({
        backend: info.name,
        adapter: kernels.backend.adapter,
        firstMs,
        bestMs: Math.min(...times),
        medianMs: median(times),
        worstRelativeError: worst,
      });
    } finally {
      await kernels.dispose();
    }
  }

  const cpuMs = rows.find((row) => row.backend === 'cpu')?.bestMs;
  console.log(`\nmatmul ${m}×${k} · ${k}×${n}, best and median of ${repeats} calls after a first (compiling) call\n`);
  const table = rows.map((row) => ({
    backend: row.backend,
    adapter: row.adapter,
    'first ms': row.firstMs.toFixed(1),
    'best ms': row.bestMs.toFixed(1),
    'median ms': row.medianMs.toFixed(1),
    'GFLOP/s': (flops / row.bestMs / 1e6).toFixed(2),
    'time ÷ cpu': cpuMs ? (row.bestMs / cpuMs).toFixed(2) : '',
    'max error ÷ (|A|·|B|)': row.worstRelativeError.toExponential(1),
  }));
  console.table(table);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
