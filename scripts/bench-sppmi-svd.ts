// `npm run bench -- sppmi-svd [--pairs N]`: Firth's SPPMI-SVD against the fair numpy/scipy reference,
// the peer script `../shared/bench/sppmi_svd.py` with scikit-learn's randomized_svd in float32, on
// the benchmark corpus at the same settings (window 5 flat, cds 0.75, shift log 5, d 100, p 0.5).
// The two run alternately (Firth, reference, Firth, reference, …: the machine is shared and noisy,
// so only ratios of neighbouring runs mean anything), after one Firth run that fills the corpus
// cache. Prints both stage tables, wall times, peak RSS, each pair's ratio and the median ratio,
// then the scores of the last pair's vectors under one evaluation protocol (`firth eval`).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { wholeNumberOption } from './bench-options';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/data/text8_prefix.txt.gz');
const referenceScript = resolve(root, '../shared/bench/sppmi_svd.py');
const python = '/usr/bin/python3';

interface Timed {
  seconds: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

function run(command: string, args: string[], environment: NodeJS.ProcessEnv = process.env): Timed {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env: environment, maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout ?? '', stderr: result.stderr ?? '', code: result.status };
}

/** Stops the benchmark with a message a person can act on (no stack trace). */
function stop(message: string): never {
  console.error(`bench sppmi-svd: ${message}`);
  process.exit(1);
}

function checkPrerequisites(): void {
  if (!existsSync(corpus)) stop(`the benchmark corpus is missing: ${corpus}`);
  if (!existsSync(referenceScript)) stop(`the reference script is missing: ${referenceScript}`);
  if (!existsSync(join(root, 'out/cli/firth.js'))) stop('build first: npm run build');
  if (!existsSync(python)) stop(`${python} is missing: the reference needs Debian's Python 3 with numpy, scipy and scikit-learn`);
  const imports = run(python, ['-c', 'import numpy, scipy, sklearn']);
  if (imports.code !== 0) {
    const missing = /No module named '([^']+)'/.exec(imports.stderr)?.[1] ?? 'numpy, scipy or scikit-learn';
    stop(`${python} cannot import ${missing}: apt-get install -y python3-numpy python3-scipy python3-sklearn`);
  }
}

// The reference's own peak RSS: a wrapper reads getrusage after the script's main() returns (Linux: KiB).
const pythonWithPeakRss = [
  'import resource, runpy, sys',
  'sys.argv = sys.argv[1:]',
  'try:',
  "    runpy.run_path(sys.argv[0], run_name='__main__')",
  'finally:',
  "    print('peak_rss_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)",
].join('\n');

interface FirthRecord {
  timingsMs: Record<string, number>;
  peakRssBytes: number;
  backend: { name: string; adapter: string };
  results: { sppmiNonZeros: number; topSingularValues: number[]; svd?: Record<string, number> };
}

interface ReferenceRecord {
  stages_s: Record<string, number>;
  imports_s: number;
  total_s: number;
  sppmi_nnz: number;
  top_singular_values: number[];
}

interface Pair {
  firth: { wall: number; record: FirthRecord };
  reference: { wall: number; record: ReferenceRecord; peakRssBytes: number };
}

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function main(): void {
  checkPrerequisites();
  const pairs = Math.max(1, wholeNumberOption('--pairs', 3));
  const work = mkdtempSync(join(tmpdir(), 'firth-bench-'));
  try {
    const environment = { ...process.env, FIRTH_DATA_DIR: join(work, 'data') };
    const firthArgs = (out: string) => [
      'bin/firth.js', 'train', 'sppmi-svd', '--corpus', corpus, '--token-pattern', 'whitespace', '--window', '5', '--weighting', 'flat',
      '--cds', '0.75', '--shift-k', '5', '--dimensions', '100', '--eig', '0.5', '--quiet', '--json', '--out', out,
    ];
    const referenceArgs = (out: string) => [
      '-c', pythonWithPeakRss, referenceScript, corpus, '--out', out, '--window', '5', '--window-type', 'flat', '--cds', '0.75', '--neg', '5',
      '--dim', '100', '--eig', '0.5', '--solver', 'rsvd', '--dtype', 'float32',
    ];
    const runFirth = (out: string) => {
      const result = run(process.execPath, firthArgs(out), environment);
      if (result.code !== 0) stop(`firth train sppmi-svd failed (exit ${result.code}):\n${result.stderr.trim()}`);
      return { wall: result.seconds, record: JSON.parse(result.stdout) as FirthRecord };
    };
    const runReference = (out: string) => {
      const result = run(python, referenceArgs(out));
      if (result.code !== 0) stop(`the reference failed (exit ${result.code}):\n${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
      const lastLine = result.stdout.trim().split('\n').at(-1) ?? '{}';
      const peakKib = Number(/peak_rss_kib (\d+)/.exec(result.stderr)?.[1] ?? NaN);
      return { wall: result.seconds, record: JSON.parse(lastLine) as ReferenceRecord, peakRssBytes: peakKib * 1024 };
    };

    console.log(`SPPMI-SVD on ${corpus}: window 5 flat, cds 0.75, shift log 5, d 100, eig 0.5`);
    console.log(`  reference: ${referenceScript} --solver rsvd --dtype float32 (scikit-learn randomized_svd, 5 power iterations)`);
    const cold = runFirth(join(work, 'cold'));
    console.log(`  Firth's first run (prepares the corpus cache, not counted): ${cold.wall.toFixed(2)} s`);
    const results: Pair[] = [];
    for (let index = 0; index < pairs; index++) {
      const out = (name: string) => join(work, `${name}-${index}`);
      const firth = runFirth(out('firth'));
      const reference = runReference(`${out('reference')}.txt`);
      results.push({ firth, reference });
      const { timingsMs } = firth.record;
      const { stages_s: stages } = reference.record;
      console.log(`pair ${index + 1}: Firth ${firth.wall.toFixed(2)} s, reference ${reference.wall.toFixed(2)} s, ratio ${(firth.wall / reference.wall).toFixed(2)}`);
      const firthStages = Object.entries(timingsMs).filter(([stage]) => stage !== 'total').map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(2)}`);
      const startMs = firth.wall * 1000 - (timingsMs.total ?? 0);
      console.log(`  Firth     stages s: start ${(startMs / 1000).toFixed(2)}, ${firthStages.join(', ')}; peak RSS ${megabytes(firth.record.peakRssBytes)}`);
      const svd = firth.record.results.svd;
      if (svd) console.log(`            svd: ${Object.entries(svd).map(([key, value]) => `${key} ${value}`).join(', ')}`);
      const referenceStages = Object.entries(stages).map(([stage, s]) => `${stage} ${s.toFixed(2)}`);
      console.log(`  reference stages s: imports ${reference.record.imports_s.toFixed(2)}, ${referenceStages.join(', ')}; peak RSS ${megabytes(reference.peakRssBytes)}`);
    }
    const ratios = results.map((pair) => pair.firth.wall / pair.reference.wall);
    const last = results[results.length - 1];
    console.log(`median ratio Firth / reference over ${pairs} alternated pairs: ${median(ratios).toFixed(2)} (each: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; target ≤ 0.35)`);
    console.log(`  median wall: Firth ${median(results.map((pair) => pair.firth.wall)).toFixed(2)} s, reference ${median(results.map((pair) => pair.reference.wall)).toFixed(2)} s`);
    console.log(`  SPPMI non-zeros: Firth ${last.firth.record.results.sppmiNonZeros}, reference ${last.reference.record.sppmi_nnz}`);
    console.log(`  top singular values: Firth ${last.firth.record.results.topSingularValues.slice(0, 5).map((v) => v.toFixed(3)).join(', ')}; reference ${last.reference.record.top_singular_values.join(', ')}`);

    for (const [name, path] of [['Firth', join(work, `firth-${pairs - 1}`)], ['reference', join(work, `reference-${pairs - 1}.txt`)]] as const) {
      const evaluation = run(process.execPath, ['bin/firth.js', 'eval', path, '--sets', 'ws353,men,simlex999,google'], environment);
      console.log(`scores of ${name}'s vectors (firth eval):`);
      console.log((evaluation.code === 0 ? evaluation.stdout : evaluation.stderr).trimEnd().replace(/^/gm, '  '));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
