// `npm run bench -- mf-sgns [--pairs N] [--steps S] [--vocabulary V] [--sgns] [--gpu]`: Firth's MF-SGNS
// against the numpy reference scripts/reference/mf_sgns_numpy.py (dense V×V counts, dense full-batch
// Adam, float32 GEMMs), on the benchmark corpus at the issue's settings: top 5,000 words, d 100,
// window 5 dynamic, k 5, cds 0.75, no subsampling, S Adam steps at lr 0.02 (300 by default). The two
// run alternately (Firth, numpy, Firth, numpy …; the machine is shared and noisy, only ratios of
// neighbouring runs mean anything). Prints wall times, the median ratio, each side's final
// full-matrix loss and GFLOP/s, and the scores of the last pair's word vectors (`firth eval`).
//   --sgns   also trains SGNS on the same words (5 epochs, no subsampling) and prints its full-matrix
//            SGNS loss on the same counts next to MF-SGNS's.
//   --gpu    also prints MF-SGNS steps/s on the gpu backend at V = 20,000, d = 300 (3 steps).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { wholeNumberOption } from './bench-options';
import { fullMatrixSgnsLoss } from './full-matrix-loss';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/data/text8_prefix.txt.gz');
const referenceScript = join(root, 'scripts/reference/mf_sgns_numpy.py');
const python = '/usr/bin/python3';

function run(command: string, args: string[], environment: NodeJS.ProcessEnv = process.env) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env: environment, maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout ?? '', stderr: result.stderr ?? '', code: result.status };
}

function stop(message: string): never {
  console.error(`bench mf-sgns: ${message}`);
  process.exit(1);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface FirthRecord {
  timingsMs: Record<string, number>;
  backend: { name: string; adapter: string };
  results: { finalLoss: number; stepsPerSecond: number; gflopsPerSecond: number; shards: number };
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'out/cli/firth.js'))) stop('build first: npm run build');
  if (!existsSync(python) || run(python, ['-c', 'import numpy']).code !== 0) stop(`${python} with numpy is needed (apt-get install python3-numpy)`);
  const pairs = Math.max(1, wholeNumberOption('--pairs', 3));
  const steps = Math.max(1, wholeNumberOption('--steps', 300));
  const vocabulary = Math.max(2, wholeNumberOption('--vocabulary', 5000));
  const work = mkdtempSync(join(tmpdir(), 'firth-bench-'));
  try {
    const environment = { ...process.env, FIRTH_DATA_DIR: join(work, 'data') };
    const common = ['--token-pattern', 'whitespace', '--max-size', String(vocabulary), '--window', '5', '--negative', '5', '--cds', '0.75'];
    const runFirth = (out: string, extra: string[] = []) => {
      const result = run(process.execPath, ['bin/firth.js', 'train', 'mf-sgns', '--corpus', corpus, ...common, '--weighting', 'dyn', '--dimensions', '100', '--steps', String(steps), '--learning-rate', '0.02', '--threads', '2', '--quiet', '--json', '--out', out, ...extra], environment);
      if (result.code !== 0) stop(`firth train mf-sgns failed (exit ${result.code}):\n${result.stderr.trim()}`);
      return { wall: result.seconds, record: JSON.parse(result.stdout) as FirthRecord };
    };
    const runReference = (out: string) => {
      const result = run(python, [referenceScript, corpus, '--out', out, '--vocab', String(vocabulary), '--dim', '100', '--window', '5', '--neg', '5', '--cds', '0.75', '--steps', String(steps), '--lr', '0.02']);
      if (result.code !== 0) stop(`the numpy reference failed (exit ${result.code}):\n${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
      return { wall: result.seconds, record: JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { final_loss: number; count_seconds: number; train_seconds: number; gflops_per_second: number } };
    };

    console.log(`MF-SGNS on ${corpus}: top ${vocabulary} words, d 100, window 5 dyn, k 5, cds 0.75, ${steps} full-batch Adam steps at lr 0.02, 2 threads`);
    console.log(`  reference: ${referenceScript} (numpy, dense, float32 GEMMs)`);
    const cold = runFirth(join(work, 'cold'), ['--steps', '1']);
    console.log(`  Firth's first run (1 step, prepares the corpus cache, not counted): ${cold.wall.toFixed(2)} s on ${cold.record.backend.adapter}`);
    const results: Array<{ firth: ReturnType<typeof runFirth>; reference: ReturnType<typeof runReference> }> = [];
    for (let index = 0; index < pairs; index++) {
      const firth = runFirth(join(work, `firth-${index}`));
      const reference = runReference(join(work, `reference-${index}.txt`));
      results.push({ firth, reference });
      const t = firth.record.timingsMs;
      console.log(`pair ${index + 1}: Firth ${firth.wall.toFixed(2)} s, numpy ${reference.wall.toFixed(2)} s, ratio ${(firth.wall / reference.wall).toFixed(2)}`);
      console.log(`  Firth  count ${(t.count / 1000).toFixed(2)} s, train ${(t.train / 1000).toFixed(2)} s, ${firth.record.results.stepsPerSecond} steps/s, ${firth.record.results.gflopsPerSecond} GFLOP/s, final loss ${firth.record.results.finalLoss.toExponential(4)} (${firth.record.results.shards}² tiles)`);
      console.log(`  numpy  count ${reference.record.count_seconds.toFixed(2)} s, train ${reference.record.train_seconds.toFixed(2)} s, ${reference.record.gflops_per_second.toFixed(2)} GFLOP/s, final loss ${reference.record.final_loss.toExponential(4)}`);
    }
    const ratios = results.map((pair) => pair.firth.wall / pair.reference.wall);
    console.log(`median ratio Firth / numpy over ${pairs} alternated pairs: ${median(ratios).toFixed(2)} (each: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; target ≤ 1)`);
    for (const [name, path] of [['Firth', join(work, `firth-${pairs - 1}`)], ['numpy', join(work, `reference-${pairs - 1}.txt`)]] as const) {
      const evaluation = run(process.execPath, ['bin/firth.js', 'eval', path, '--sets', 'ws353,simlex999,men,google'], environment);
      console.log(`scores of ${name}'s W (firth eval):`);
      console.log((evaluation.code === 0 ? evaluation.stdout : evaluation.stderr).trimEnd().replace(/^/gm, '  '));
    }

    // The issue's theorem targets: r ≥ 0.85 for N_ij in [10,100), ≥ 0.9 for N_ij ≥ 100 (`firth theorem`).
    const printTheorem = (name: string, folder: string) => {
      const theorem = run(process.execPath, ['bin/firth.js', 'theorem', folder, '--quiet', '--json', '--loss-words', '500'], environment);
      if (theorem.code !== 0) return console.log(`theorem of ${name}: ${theorem.stderr.trim().split('\n').at(-1)}`);
      const figures = JSON.parse(theorem.stdout) as { bands: Array<{ label: string; cells: number; pearson: number | null; slope: number | null; meanOffset: number | null }>; weightedPearson?: number | null };
      const text = (value: number | null) => (value === null ? '—' : value.toFixed(3));
      console.log(`theorem of ${name} (w·c against PMI_α − log k, firth theorem): ${figures.bands.map((band) => `${band.label}: r ${text(band.pearson)} (${band.cells} cells)`).join('; ')}; weighted r ${text(figures.weightedPearson ?? null)}`);
    };
    printTheorem('MF-SGNS', join(work, `firth-${pairs - 1}`));

    if (process.argv.includes('--sgns')) {
      const out = join(work, 'sgns');
      const sgns = run(process.execPath, ['bin/firth.js', 'train', 'sgns', '--corpus', corpus, '--token-pattern', 'whitespace', '--max-size', String(vocabulary), '--window', '5', '--negative', '5', '--subsample', '0', '--epochs', '5', '--threads', '2', '--quiet', '--out', out], environment);
      if (sgns.code !== 0) stop(`firth train sgns failed:\n${sgns.stderr.trim()}`);
      const settings = { window: 5, weighting: 'dyn' as const, cds: 0.75, negative: 5 };
      const cache = join(work, 'loss-cache');
      mkdirSync(cache);
      const [sgnsLoss, mfLoss] = [await fullMatrixSgnsLoss(out, settings, cache), await fullMatrixSgnsLoss(join(work, `firth-${pairs - 1}`), settings, cache)];
      console.log(`full-matrix SGNS loss on the same counts: SGNS (5 epochs, ${sgns.seconds.toFixed(1)} s) ${sgnsLoss.toExponential(4)}, MF-SGNS ${mfLoss.toExponential(4)} (target: MF-SGNS below SGNS)`);
      const evaluation = run(process.execPath, ['bin/firth.js', 'eval', out, '--sets', 'ws353,simlex999,men,google'], environment);
      console.log(`scores of SGNS's W (firth eval):\n${evaluation.stdout.trimEnd().replace(/^/gm, '  ')}`);
      printTheorem('SGNS', out);
    }

    if (process.argv.includes('--gpu')) {
      const result = run(process.execPath, ['bin/firth.js', 'train', 'mf-sgns', '--corpus', corpus, '--token-pattern', 'whitespace', '--max-size', '20000', '--dimensions', '300', '--steps', '3', '--backend', 'gpu', '--quiet', '--json', '--out', join(work, 'gpu')], environment);
      if (result.code !== 0) console.log(`gpu: not run (${result.stderr.trim().split('\n').at(-1)})`);
      else {
        const record = JSON.parse(result.stdout) as FirthRecord;
        console.log(`gpu, V 20,000, d 300: ${record.results.stepsPerSecond} steps/s, ${record.results.gflopsPerSecond} GFLOP/s on ${record.backend.adapter}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
