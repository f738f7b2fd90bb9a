// `npm run bench -- <what>`: benchmarks, printed for people (ratios on one machine, one run).
//
//   sppmi-svd   the benchmark corpus end to end through `firth train sppmi-svd` (window 5 flat,
//               cds 0.75, shift log 5, d 100, p 0.5), alternated with the peer numpy/scipy script
//               ../shared/bench/sppmi_svd.py (scikit-learn randomized_svd, float32): bench-sppmi-svd.ts
//   scale       SPPMI-SVD on a 1 GB corpus made from the benchmark corpus: time, peak RSS, stages
//   sgns        the benchmark corpus through `firth train sgns` (word2vec defaults, 2 threads), against
//               gensim 4 with 2 workers (Debian's python3-gensim)
//   matmul | svd | eval | sgns-engine | counts | compare   the engine's own micro-benchmarks
//   ui          the Compare maps' frame times while panning, in Chromium (the bundled sample; no corpus)
//   sweep       the 12-run SPPMI-SVD sweep (window × shift k × d) against one run at d 300: bench-sweep.ts
//
// sppmi-svd, sgns, sgns-engine and counts read the benchmark corpus, text8_prefix.txt.gz (the first
// 12.5 MB of text8, of which resources/sample is a prefix), from ../shared/data beside the repository;
// without it they say so and exit 1.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/data/text8_prefix.txt.gz');
const scripts: Record<string, string> = {
  'sppmi-svd': 'bench-sppmi-svd.ts',
  scale: 'bench-scale.ts',
  matmul: 'bench-matmul.ts',
  svd: 'bench-svd.ts',
  eval: 'bench-eval.ts',
  'sgns-engine': 'bench-sgns.ts',
  counts: 'bench-sppmi-counts.ts',
  compare: 'bench-compare.ts',
  ui: 'bench-ui.ts',
  sweep: 'bench-sweep.ts',
};
/** The benchmarks that read the benchmark corpus. */
const needCorpus = new Set(['sppmi-svd', 'scale', 'sgns', 'sgns-engine', 'counts', 'sweep']);

function fail(message: string): never {
  console.error(`npm run bench: ${message}`);
  process.exit(1);
}

function run(command: string, args: string[], environment: NodeJS.ProcessEnv = process.env) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env: environment, stdio: ['ignore', 'pipe', 'inherit'] });
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout ?? '', code: result.status };
}

function benchSgns(): void {
  if (!existsSync(join(root, 'out/cli/firth.js'))) fail('build first: npm run build');
  const work = mkdtempSync(join(tmpdir(), 'firth-bench-'));
  try {
    const environment = { ...process.env, FIRTH_DATA_DIR: join(work, 'data') };
    const out = join(work, 'sgns');
    const firth = run(process.execPath, ['bin/firth.js', 'train', 'sgns', '--corpus', corpus, '--token-pattern', 'whitespace', '--threads', '2', '--out', out, '--quiet', '--json'], environment);
    if (firth.code !== 0) fail('firth train sgns failed (its message is above)');
    const record = JSON.parse(firth.stdout) as { timingsMs: Record<string, number>; peakRssBytes: number; backend: { name: string; adapter: string }; results: { wordsPerSecond: number; finalLoss: number } };
    console.log(`Firth SGNS on ${record.backend.name} (${record.backend.adapter})`);
    console.log(`  wall ${firth.seconds.toFixed(2)} s (training ${(record.timingsMs.train / 1000).toFixed(2)} s), ${record.results.wordsPerSecond} words/s, final loss ${record.results.finalLoss.toFixed(4)}`);
    console.log(`  peak RSS ${(record.peakRssBytes / 2 ** 20).toFixed(0)} MB (target ≤ 300)`);
    console.log(run(process.execPath, ['bin/firth.js', 'eval', out, '--sets', 'ws353,simlex999,men,google'], environment).stdout.trimEnd().replace(/^/gm, '  '));
    const gensim = run('/usr/bin/python3', [join(root, 'scripts/reference/sgns_gensim.py'), corpus, '2']);
    const gensimRate = Number(/(\d+) words\/s/.exec(gensim.stdout)?.[1]);
    if (gensim.code === 0 && gensimRate > 0) {
      console.log(`  ${gensim.stdout.trim()}`);
      console.log(`  throughput ratio Firth / gensim: ${(record.results.wordsPerSecond / gensimRate).toFixed(2)} (target ≥ 1, aim 1.5)`);
    } else {
      console.log('  gensim not run: /usr/bin/python3 with gensim is needed (apt-get install python3-gensim)');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const [what = 'sppmi-svd', ...rest] = process.argv.slice(2);
if (what !== 'sgns' && !scripts[what]) fail(`unknown benchmark "${what}": sgns, ${Object.keys(scripts).join(', ')}`);
if (needCorpus.has(what) && !existsSync(corpus)) {
  fail(
    `the ${what} benchmark reads the benchmark corpus, which is missing: ${corpus} ` +
      '(the first 12,549,837 bytes of text8, gzipped; README.md, Benchmarks, says how to make it). Benchmarks that need no corpus: matmul, svd, eval, compare, ui',
  );
}
if (what === 'sgns') benchSgns();
else process.exitCode = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', scripts[what]), ...rest], { stdio: 'inherit' }).status ?? 1;
