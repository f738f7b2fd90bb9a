// Times the corpus → SPPMI pipeline on the benchmark corpus at the peers' settings (docs peers.md:
// min-count 5, flat window 5 in both directions, cds 0.75, shift log 5) and prints the counts to check
// against the peers' figures: 5,219,250 co-occurrence cells and 2,796,601 SPPMI non-zeros. The peers
// delete out-of-vocabulary tokens before windowing (20,469,390 pair events = 2·5·2,046,942 − 30), which
// is Firth's `oovMode: 'dirty'`; the default, 'clean', keeps their positions and finds fewer pairs.
//
//   tsx scripts/bench-sppmi-counts.ts [--corpus path] [--pattern unicode|whitespace] [--window 5] [--oov dirty|clean] [--threads 2]

import { resolve } from 'node:path';
import { countCooccurrences } from '../src/engine/cooccurrence';
import { prepareCorpus } from '../src/engine/corpus';
import { sppmi } from '../src/engine/pmi';
import { textOption } from './bench-options';


const expected = { tokens: 2_139_748, vocabularySize: 22_541, keptTokens: 2_046_942, cells: 5_219_250, sppmiNonZeros: 2_796_601 };

async function main(): Promise<void> {
  const corpus = textOption('--corpus', resolve(import.meta.dirname, '../../shared/data/text8_prefix.txt.gz'));
  const tokenPattern = textOption('--pattern', 'whitespace') as 'unicode' | 'whitespace';
  const window = Number(textOption('--window', '5'));
  const oovMode = textOption('--oov', 'dirty') as 'clean' | 'dirty';
  const threads = Number(textOption('--threads', '2'));
  const comparable = window === 5 && oovMode === 'dirty';
  const timings: [string, number][] = [];
  const startedMs = performance.now();
  let lapMs = startedMs;
  const lap = (name: string): void => {
    const nowMs = performance.now();
    timings.push([name, nowMs - lapMs]);
    lapMs = nowMs;
  };

  const prepared = await prepareCorpus(corpus, { tokenPattern, minCount: 5 });
  lap('read + vocabulary + encode');
  const size = prepared.vocabulary.words.length;
  const countOptions = { window, weighting: 'flat', oovMode } as const;
  // The TypeScript reference first, then the worker threads (WebAssembly), alternately, best of 3:
  // the machine may be shared. CPU time is the whole process's, worker threads included.
  const best = { reference: Infinity, workers: Infinity, workersCpu: Infinity };
  let counts = await countCooccurrences(prepared.ids, size, countOptions, { threads: 0 });
  lap('first count (warm-up)');
  for (let repeat = 0; repeat < 3; repeat++) {
    let started = performance.now();
    await countCooccurrences(prepared.ids, size, countOptions, { threads: 0 });
    best.reference = Math.min(best.reference, performance.now() - started);
    const cpu = process.cpuUsage();
    started = performance.now();
    counts = await countCooccurrences(prepared.ids, size, countOptions, { threads });
    best.workers = Math.min(best.workers, performance.now() - started);
    const used = process.cpuUsage(cpu);
    best.workersCpu = Math.min(best.workersCpu, (used.user + used.system) / 1000);
  }
  lapMs = performance.now();
  timings.push([`count + CSR, TypeScript (best of 3)`, best.reference]);
  timings.push([`count + CSR, ${threads} threads WebAssembly`, best.workers]);
  timings.push([`  (its CPU time, all threads)`, best.workersCpu]);
  const matrix = await sppmi(counts, { cds: 0.75, shiftK: 5 });
  lap('sppmi');
  const totalMs = performance.now() - startedMs;

  const { statistics } = prepared;
  const figures: [string, number, number | undefined][] = [
    ['tokens', statistics.tokens, expected.tokens],
    ['vocabulary (min-count 5)', statistics.vocabularySize, expected.vocabularySize],
    ['kept tokens', statistics.keptTokens, expected.keptTokens],
    ['co-occurrence cells', counts.values.length, comparable ? expected.cells : undefined],
    ['co-occurrence total', counts.total, undefined],
    ['SPPMI non-zeros', matrix.values.length, comparable ? expected.sppmiNonZeros : undefined],
  ];
  console.log(`corpus ${corpus} (${tokenPattern} tokens), window ${window} flat, OOV ${oovMode}, cds 0.75, shift k 5`);
  for (const [name, ms] of timings) console.log(`  ${name.padEnd(28)} ${(ms / 1000).toFixed(3)} s`);
  console.log(`  ${'total'.padEnd(28)} ${(totalMs / 1000).toFixed(3)} s`);
  console.log(`  ${'peak RSS'.padEnd(28)} ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  for (const [name, value, reference] of figures) {
    const check = reference === undefined ? '' : value === reference ? '  ok' : `  EXPECTED ${reference.toLocaleString('en')}`;
    console.log(`  ${name.padEnd(28)} ${value.toLocaleString('en')}${check}`);
  }
  console.log(`  top words: ${prepared.vocabulary.words.slice(0, 5).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
