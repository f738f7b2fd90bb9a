// `npm run bench -- sgns`: Firth's SGNS (`firth train sgns`, word2vec defaults, 2 threads) against
// gensim 4 (../shared/bench/gensim_sgns.py, the peer script Firth's acceptance figures use, 2
// workers), alternated gensim, Firth, gensim, Firth … on the same plain-text corpus, then:
//   - words/s of each run (raw corpus tokens × epochs / training seconds, gensim's own definition),
//     the median Firth/gensim ratio over the pairs;
//   - peak RSS of each side (Firth's from its run record, gensim's from getrusage) and where Firth's
//     memory goes (the trainer's breakdown of its shared memory and resident set);
//   - WS353, SimLex-999, MEN and Google (3CosAdd) of both sides' vectors, scored by `firth eval`
//     (hyperwords protocol) on the last pair.
//
//   npm run bench -- sgns [--pairs 3] [--epochs 5] [--threads 2] [--update batched|word2vec]
//                         [--backend cpu|gpu] [--tokens N] [--no-gensim]
//
// --tokens N trains on the first N tokens only (a quick check, e.g. of the gpu path on a software
// adapter). --backend gpu needs a GPU; FIRTH_ALLOW_SOFTWARE_GPU=1 lets it run on SwiftShader.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const corpusGz = resolve(root, '../shared/data/text8_prefix.txt.gz');
const gensimScript = resolve(root, '../shared/bench/gensim_sgns.py');
const python = '/usr/bin/python3';
const evaluationSets = 'ws353,simlex999,men,google';

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

function fail(message: string): never {
  console.error(`bench sgns: ${message}`);
  process.exit(1);
}

const pairs = Number(flag('pairs', '3'));
const epochs = Number(flag('epochs', '5'));
const threads = Number(flag('threads', '2'));
const update = flag('update', 'batched');
const backend = flag('backend', 'cpu');
const tokenLimit = Number(flag('tokens', '0'));
const withGensim = !process.argv.includes('--no-gensim');

function run(command: string, args: string[], environment: NodeJS.ProcessEnv = process.env) {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', env: environment, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout ?? '', code: result.status };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

interface FirthRecord {
  corpus: { tokens: number };
  timingsMs: Record<string, number>;
  peakRssBytes: number;
  backend: { name: string; adapter: string };
  results: { wordsPerSecond: number; finalLoss: number; method?: string; memory?: Record<string, number>; deviceMemoryBytes?: number };
}

interface GensimReport {
  raw_words: number;
  stages_s: { build_vocab: number; train: number; save: number };
  train_raw_words_per_s: number;
  total_s: number;
}

function firthRun(corpus: string, out: string, environment: NodeJS.ProcessEnv) {
  const args = ['bin/firth.js', 'train', 'sgns', '--corpus', corpus, '--token-pattern', 'whitespace', '--threads', String(threads), '--epochs', String(epochs), '--update', update, '--backend', backend, '--out', out, '--quiet', '--json'];
  const firth = run(process.execPath, args, environment);
  if (firth.code !== 0) fail('firth train sgns failed (its message is above)');
  const record = JSON.parse(firth.stdout) as FirthRecord;
  const rate = (record.corpus.tokens * epochs) / (record.timingsMs.train / 1000);
  return { record, rate, wall: firth.seconds };
}

function gensimRun(corpus: string, out: string) {
  // getrusage after the script: gensim trains in threads of this one process.
  const wrapper = [
    'import json, resource, runpy, sys',
    `sys.argv = ${JSON.stringify([gensimScript, corpus, '--out', out, '--threads', String(threads), '--epochs', String(epochs)])}`,
    "runpy.run_path(sys.argv[0], run_name='__main__')",
    "print(json.dumps({'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))",
  ].join('\n');
  const gensim = run(python, ['-c', wrapper]);
  if (gensim.code !== 0) fail(`${gensimScript} failed (its message is above); it needs ${python} with gensim (apt-get install python3-gensim)`);
  const lines = gensim.stdout.trim().split('\n');
  const report = JSON.parse(lines.at(-2)!) as GensimReport;
  const peakRssBytes = (JSON.parse(lines.at(-1)!) as { maxrss_kb: number }).maxrss_kb * 1024;
  return { report, peakRssBytes, rate: report.raw_words / report.stages_s.train, wall: gensim.seconds };
}

function scores(target: string, environment: NodeJS.ProcessEnv): string {
  const evaluated = run(process.execPath, ['bin/firth.js', 'eval', target, '--sets', evaluationSets, '--backend', 'cpu', '--json'], environment);
  if (evaluated.code !== 0) return 'evaluation failed';
  const rows = (JSON.parse(evaluated.stdout) as { rows: Array<{ set: string; metric: string; score: number }> }).rows;
  const pick = (set: string, metric: string) => rows.find((row) => row.set === set && row.metric === metric)?.score.toFixed(3) ?? 'n/a';
  return `WS353 ${pick('ws353', 'spearman')}, SimLex ${pick('simlex999', 'spearman')}, MEN ${pick('men', 'spearman')}, Google 3CosAdd ${pick('google', '3CosAdd')}`;
}

function main(): void {
  if (!existsSync(join(root, 'out/cli/firth.js'))) fail('build first: npm run build');
  if (!existsSync(corpusGz)) fail(`the benchmark corpus is missing: ${corpusGz}`);
  if (withGensim && !existsSync(gensimScript)) fail(`the peer script is missing: ${gensimScript}`);
  const work = mkdtempSync(join(tmpdir(), 'firth-bench-sgns-'));
  try {
    // Both sides read the same plain text (gensim's Text8Corpus reads no gzip).
    let text = gunzipSync(readFileSync(corpusGz)).toString('latin1');
    if (tokenLimit > 0) text = text.split(' ').filter((token) => token.length > 0).slice(0, tokenLimit).join(' ');
    const corpus = join(work, 'corpus.txt');
    writeFileSync(corpus, text, 'latin1');
    text = '';
    console.log(`SGNS, word2vec defaults (d 100, window 5, k 5, sample 1e-4, min-count 5), ${epochs} epochs, ${threads} threads, Firth --update ${update} --backend ${backend}`);
    console.log(`corpus: ${corpus}${tokenLimit > 0 ? ` (first ${tokenLimit} tokens)` : ''}; words/s = corpus tokens × epochs / training s, both sides`);

    const ratios: number[] = [];
    let lastFirth: ReturnType<typeof firthRun> | undefined;
    let lastGensim: ReturnType<typeof gensimRun> | undefined;
    for (let pair = 1; pair <= pairs; pair++) {
      const environment = { ...process.env, FIRTH_DATA_DIR: join(work, `data-${pair}`) };
      if (withGensim) {
        lastGensim = gensimRun(corpus, join(work, `gensim-${pair}.txt`));
        const g = lastGensim;
        console.log(`pair ${pair} gensim: train ${g.report.stages_s.train.toFixed(2)} s (vocab ${g.report.stages_s.build_vocab.toFixed(2)} s, wall ${g.wall.toFixed(2)} s), ${Math.round(g.rate).toLocaleString()} words/s, peak RSS ${mb(g.peakRssBytes)}`);
      }
      rmSync(join(work, 'firth'), { recursive: true, force: true });
      lastFirth = firthRun(corpus, join(work, 'firth'), environment);
      const f = lastFirth;
      const ratio = lastGensim ? f.rate / lastGensim.rate : Number.NaN;
      if (withGensim) ratios.push(ratio);
      console.log(
        `pair ${pair} Firth:  train ${(f.record.timingsMs.train / 1000).toFixed(2)} s (corpus ${(f.record.timingsMs.corpus / 1000).toFixed(2)} s, wall ${f.wall.toFixed(2)} s), ${Math.round(f.rate).toLocaleString()} words/s, peak RSS ${mb(f.record.peakRssBytes)}` +
          (withGensim ? `; ratio ${ratio.toFixed(2)}` : ''),
      );
    }
    const f = lastFirth!;
    console.log(`Firth: ${f.record.backend.name} (${f.record.backend.adapter}), ${f.record.results.method ?? ''}, final loss ${f.record.results.finalLoss?.toFixed(4)}`);
    if (withGensim) console.log(`median words/s ratio Firth / gensim over ${pairs} pairs: ${median(ratios).toFixed(2)} (${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; target ≥ 1.5)`);

    const memory = f.record.results.memory;
    if (memory) {
      console.log(`Firth memory (last run): peak RSS ${mb(f.record.peakRssBytes)}${lastGensim ? ` vs gensim ${mb(lastGensim.peakRssBytes)}` : ''}`);
      console.log(`  resident before the training threads ${mb(memory.rssBeforeThreadsBytes)} (the process, the vocabulary and the corpus ids, ${mb(memory.corpusIdsBytes)}, freed once copied into the shared memory)`);
      console.log(`  + worker threads ${mb(memory.rssThreadsStartedBytes - memory.rssBeforeThreadsBytes)} = ${mb(memory.rssThreadsStartedBytes)}`);
      console.log(`  + shared WebAssembly memory ${mb(memory.wasmMemoryBytes)}: W and C ${mb(memory.vectorsBytes)}, corpus ids ${mb(memory.corpusIdsBytes)}, noise and subsampling tables ${(memory.noiseAndSubsamplingBytes / 1024).toFixed(0)} KB, sigmoid tables ${(memory.sigmoidTablesBytes / 1024).toFixed(0)} KB, per-thread buffers ${(memory.threadBuffersBytes / 1024).toFixed(0)} KB`);
      console.log(`  = ${mb(memory.rssTrainingBytes)} resident while training; the corpus is prepared in a thread that ends before training (its peak is inside the peak RSS above)`);
    }
    if (f.record.results.deviceMemoryBytes !== undefined) console.log(`device memory (W, C and one batch's buffers): ${mb(f.record.results.deviceMemoryBytes)}`);
    const environment = { ...process.env, FIRTH_DATA_DIR: join(work, 'data-eval') };
    console.log(`scores, Firth:  ${scores(join(work, 'firth'), environment)}`);
    if (lastGensim) console.log(`scores, gensim: ${scores(join(work, `gensim-${pairs}.txt`), environment)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
