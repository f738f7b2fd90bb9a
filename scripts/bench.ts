// `npm run bench -- <what>`: benchmarks, printed for people (ratios on one machine, one run).
//
//   sppmi-svd   the benchmark corpus end to end through `firth train sppmi-svd` (window 5 flat,
//               cds 0.75, shift log 5, d 100, p 0.5), alternated with the peer numpy/scipy script
//               ../shared/bench/sppmi_svd.py (scikit-learn randomized_svd, float32): bench-sppmi-svd.ts
//   scale       SPPMI-SVD on a 1 GB corpus made from the benchmark corpus: time, peak RSS, stages
//   sgns        the benchmark corpus through `firth train sgns` (word2vec defaults, 2 threads),
//               alternated with gensim 4 (../shared/bench/gensim_sgns.py, 2 workers): median words/s
//               ratio, peak RSS and Firth's memory breakdown, the four scores: bench-sgns-gensim.ts
//   matmul | svd | eval | sgns-engine | counts | compare   the engine's own micro-benchmarks
//   ui          the Compare maps' frame times while panning, in Chromium (the bundled sample; no corpus)
//   mf-sgns     MF-SGNS (top 5,000 words, d 100, 300 Adam steps) against the numpy reference
//               scripts/reference/mf_sgns_numpy.py: bench-mf-sgns.ts (--steps, --pairs, --sgns, --gpu)
//   glove       GloVe (window 10, x_max 10, 15 iterations, d 100, 2 threads) against the reference C
//               GloVe ../shared/peers/glove/run.sh: bench-glove.ts
//   sweep       the 12-run SPPMI-SVD sweep (window × shift k × d) against one run at d 300: bench-sweep.ts
//   krylov      the block Krylov SVD alone on the benchmark corpus's SPPMI matrix (d 100), several runs
//               in one process, with its time by operation: bench-krylov.ts (--runs, --rank)
//
// sppmi-svd, sgns, sgns-engine and counts read the benchmark corpus, text8_prefix.txt.gz (the first
// 12.5 MB of text8, of which resources/sample is a prefix), from ../shared/data beside the repository;
// without it they say so and exit 1.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/data/text8_prefix.txt.gz');
const scripts: Record<string, string> = {
  'sppmi-svd': 'bench-sppmi-svd.ts',
  scale: 'bench-scale.ts',
  matmul: 'bench-matmul.ts',
  svd: 'bench-svd.ts',
  eval: 'bench-eval.ts',
  sgns: 'bench-sgns-gensim.ts',
  'sgns-engine': 'bench-sgns.ts',
  counts: 'bench-sppmi-counts.ts',
  compare: 'bench-compare.ts',
  ui: 'bench-ui.ts',
  'mf-sgns': 'bench-mf-sgns.ts',
  glove: 'bench-glove.ts',
  sweep: 'bench-sweep.ts',
  krylov: 'bench-krylov.ts',
};
/** The benchmarks that read the benchmark corpus. */
const needCorpus = new Set(['sppmi-svd', 'scale', 'sgns', 'sgns-engine', 'counts', 'mf-sgns', 'glove', 'sweep', 'krylov']);

function fail(message: string): never {
  console.error(`npm run bench: ${message}`);
  process.exit(1);
}

const [what = 'sppmi-svd', ...rest] = process.argv.slice(2);
if (!scripts[what]) fail(`unknown benchmark "${what}": ${Object.keys(scripts).join(', ')}`);
if (needCorpus.has(what) && !existsSync(corpus)) {
  fail(
    `the ${what} benchmark reads the benchmark corpus, which is missing: ${corpus} ` +
      '(the first 12,549,837 bytes of text8, gzipped; README.md, Benchmarks, says how to make it). Benchmarks that need no corpus: matmul, svd, eval, compare, ui',
  );
}
process.exitCode = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', scripts[what]), ...rest], { stdio: 'inherit' }).status ?? 1;
