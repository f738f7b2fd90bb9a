// `npm run bench -- scale [--size-mb 1024] [--memory-budget SIZE] [--corpus FILE]`: SPPMI-SVD on a
// corpus far larger than the benchmark corpus (make-scale-corpus.ts writes it from the benchmark
// corpus, seeded, and keeps it in the system's temporary folder for later runs). Trains it twice
// through the CLI with its progress line (stage, percent, rate, ETA) on stderr: the first run
// prepares the corpus cache, the second reads it. Prints wall time, peak RSS (target < 2 GB) and
// the stage table of each run.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { textOption, wholeNumberOption } from './bench-options';
import { makeScaleCorpus } from './make-scale-corpus';

const root = resolve(import.meta.dirname, '..');
const benchmarkCorpus = resolve(root, '../shared/data/text8_prefix.txt.gz');

function stop(message: string): never {
  console.error(`bench scale: ${message}`);
  process.exit(1);
}

function main(): void {
  if (!existsSync(join(root, 'out/cli/firth.js'))) stop('build first: npm run build');
  const sizeMb = wholeNumberOption('--size-mb', 1024);
  const corpus = textOption('--corpus', join(tmpdir(), `firth-scale-${sizeMb}m.txt`));
  if (!existsSync(corpus)) {
    if (!existsSync(benchmarkCorpus)) stop(`the benchmark corpus is missing: ${benchmarkCorpus}`);
    console.log(`writing ${corpus} (${sizeMb} MB) from ${benchmarkCorpus}`);
    makeScaleCorpus(benchmarkCorpus, corpus, sizeMb * 2 ** 20, 1);
  }
  const budget = textOption('--memory-budget', '');
  const work = mkdtempSync(join(tmpdir(), 'firth-bench-scale-'));
  try {
    const environment = { ...process.env, FIRTH_DATA_DIR: join(work, 'data') };
    for (const run of ['first (prepares the corpus cache)', 'second (corpus cached)']) {
      const out = join(work, run.startsWith('first') ? 'first' : 'second');
      const args = ['bin/firth.js', 'train', 'sppmi-svd', '--corpus', corpus, '--token-pattern', 'whitespace', '--window', '5', '--shift-k', '5', '--dimensions', '100', '--json', '--out', out];
      if (budget) args.push('--memory-budget', budget);
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { env: environment, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
      const seconds = (performance.now() - started) / 1000;
      if (result.status !== 0) stop(`firth train sppmi-svd failed (exit ${result.status})`);
      const record = JSON.parse(result.stdout) as { timingsMs: Record<string, number>; peakRssBytes: number; corpus: { tokens: number; vocabularySize: number }; results: Record<string, unknown> };
      console.log(`${run}: ${seconds.toFixed(1)} s, peak RSS ${(record.peakRssBytes / 2 ** 20).toFixed(0)} MB (target < 2048 MB)`);
      console.log(`  ${record.corpus.tokens.toLocaleString('en')} tokens, vocabulary ${record.corpus.vocabularySize.toLocaleString('en')}, ${String(record.results.cooccurrenceCells)} co-occurrence cells`);
      console.log(`  stages s: ${Object.entries(record.timingsMs).map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
      if (record.results.svd) console.log(`  svd: ${Object.entries(record.results.svd).map(([key, value]) => `${key} ${String(value)}`).join(', ')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
