// `npm run bench -- glove [--pairs N] [--iterations I]`: Firth's GloVe against the reference C code
// (stanfordnlp/GloVe, ../shared/peers/glove/run.sh, which builds it on first use) on the benchmark
// corpus at the same settings: window 10 with 1/distance weights, min count 5, x_max 10, α 0.75,
// η 0.05, 15 iterations, d 100, 2 threads. They run alternately (Firth, C, Firth, C …; the machine is
// shared and noisy, only ratios of neighbouring runs mean anything). Prints wall times, the median
// ratio and the scores of the last pair's W + C under one evaluation protocol (`firth eval`).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { wholeNumberOption } from './bench-options';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/data/text8_prefix.txt.gz');
const peer = resolve(root, '../shared/peers/glove/run.sh');

function run(command: string, args: string[], environment: NodeJS.ProcessEnv = process.env, cwd = root) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env: environment, maxBuffer: 1 << 26, cwd });
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout ?? '', stderr: result.stderr ?? '', code: result.status };
}

function stop(message: string): never {
  console.error(`bench glove: ${message}`);
  process.exit(1);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface FirthRecord {
  timingsMs: Record<string, number>;
  backend: { adapter: string };
  results: { finalLoss: number; cells: number; cellsPerSecond: number; threads: number };
}

function main(): void {
  if (!existsSync(join(root, 'out/cli/firth.js'))) stop('build first: npm run build');
  if (!existsSync(peer)) stop(`the reference GloVe is missing: ${peer}`);
  const pairs = Math.max(1, wholeNumberOption('--pairs', 3));
  const iterations = Math.max(1, wholeNumberOption('--iterations', 15));
  const work = mkdtempSync(join(tmpdir(), 'firth-bench-'));
  try {
    // The C tools read plain text on stdin; Firth reads the same file.
    const text = join(work, 'corpus.txt');
    writeFileSync(text, gunzipSync(readFileSync(corpus)));
    const environment = { ...process.env, FIRTH_DATA_DIR: join(work, 'data') };
    const runFirth = (out: string) => {
      const result = run(process.execPath, [
        'bin/firth.js', 'train', 'glove', '--corpus', text, '--token-pattern', 'whitespace', '--min-count', '5', '--window', '10', '--weighting', 'harmonic',
        '--x-max', '10', '--alpha', '0.75', '--learning-rate', '0.05', '--iterations', String(iterations), '--dimensions', '100', '--threads', '2', '--quiet', '--json', '--out', out,
      ], environment);
      if (result.code !== 0) stop(`firth train glove failed (exit ${result.code}):\n${result.stderr.trim()}`);
      return { wall: result.seconds, record: JSON.parse(result.stdout) as FirthRecord };
    };
    // Run in the bench's folder: GloVe's cooccur and shuffle write their temporary files in the working folder.
    const runPeer = (out: string, iterationsRun = String(iterations)) => {
      const result = run('bash', [peer, text, out], { ...process.env, WINDOW: '10', XMAX: '10', ITER: iterationsRun, DIM: '100', THREADS: '2', GLOVE_BUILD: join(tmpdir(), 'glove-peer-build') }, work);
      if (result.code !== 0) stop(`the reference GloVe failed (exit ${result.code}):\n${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
      return { wall: result.seconds };
    };

    console.log(`GloVe on ${corpus}: window 10 (1/distance), min count 5, x_max 10, alpha 0.75, eta 0.05, ${iterations} iterations, d 100, 2 threads`);
    console.log(`  reference: ${peer} (stanfordnlp/GloVe, C; W + C)`);
    const build = runPeer(join(work, 'warm.txt'), '1');
    console.log(`  the reference's first run (builds it, 1 iteration, not counted): ${build.wall.toFixed(2)} s`);
    const results: Array<{ firth: ReturnType<typeof runFirth>; peer: ReturnType<typeof runPeer> }> = [];
    for (let index = 0; index < pairs; index++) {
      const firth = runFirth(join(work, `firth-${index}`));
      const reference = runPeer(join(work, `peer-${index}.txt`));
      results.push({ firth, peer: reference });
      const t = firth.record.timingsMs;
      console.log(`pair ${index + 1}: Firth ${firth.wall.toFixed(2)} s, C GloVe ${reference.wall.toFixed(2)} s, ratio ${(firth.wall / reference.wall).toFixed(2)}`);
      console.log(`  Firth  corpus ${(t.corpus / 1000).toFixed(2)} s, count ${(t.count / 1000).toFixed(2)} s, train ${(t.train / 1000).toFixed(2)} s; ${firth.record.results.cells} cells, ${firth.record.results.cellsPerSecond} cell updates/s on ${firth.record.backend.adapter}; final cost ${firth.record.results.finalLoss.toFixed(4)}`);
    }
    const ratios = results.map((pair) => pair.firth.wall / pair.peer.wall);
    console.log(`median ratio Firth / C GloVe over ${pairs} alternated pairs: ${median(ratios).toFixed(2)} (each: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; target ≤ 0.5)`);
    for (const [name, args] of [
      ['Firth (W + C)', [join(work, `firth-${pairs - 1}`), '--matrix', 'w+c']],
      ['C GloVe (W + C)', [join(work, `peer-${pairs - 1}.txt`)]],
    ] as const) {
      const evaluation = run(process.execPath, ['bin/firth.js', 'eval', ...args, '--sets', 'ws353,simlex999,men,google'], environment);
      console.log(`scores of ${name} (firth eval):`);
      console.log((evaluation.code === 0 ? evaluation.stdout : evaluation.stderr).trimEnd().replace(/^/gm, '  '));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
