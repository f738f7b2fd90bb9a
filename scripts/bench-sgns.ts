// SGNS cpu benchmark on the benchmark corpus (docs: shared/data/README.md, peers.md): skip-gram with
// the defaults (d 100, window 5 dynamic, k 5, t 1e-4, min-count 5, 5 epochs, α 0.025 → 0.0001) on 2
// threads, then one epoch on 1 thread.
//
//   npx tsx scripts/bench-sgns.ts [path/to/text8_prefix.txt.gz] [--threads N] [--epochs N] [--update batched|word2vec]

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sgnsVocabularyDefaults, trainSgns, type EncodedCorpus } from '../src/engine/models/sgns';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** Whitespace tokens; vocabulary = words with count ≥ min-count, by count descending (ties by first appearance). */
function encode(text: string, minCount: number): { corpus: EncodedCorpus; words: string[]; tokens: number } {
  const tokens = text.split(' ').filter((token) => token.length > 0);
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const words = [...counts].filter(([, count]) => count >= minCount).sort((a, b) => b[1] - a[1]).map(([word]) => word);
  const index = new Map(words.map((word, id) => [word, id]));
  const ids = Int32Array.from(tokens, (token) => index.get(token) ?? -1);
  return { corpus: { ids, counts: Float64Array.from(words, (word) => counts.get(word)!) }, words, tokens: tokens.length };
}

async function main(): Promise<void> {
  const path = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : resolve(import.meta.dirname, '../../shared/data/text8_prefix.txt.gz');
  const threads = argument('--threads', 2);
  const epochs = argument('--epochs', 5);
  const updateAt = process.argv.indexOf('--update');
  const update = updateAt >= 0 ? (process.argv[updateAt + 1] as 'batched' | 'word2vec') : 'batched';
  const { corpus, words, tokens } = encode(gunzipSync(readFileSync(path)).toString('latin1'), sgnsVocabularyDefaults.minCount);
  const inVocabulary = corpus.ids.reduce((sum, id) => sum + (id >= 0 ? 1 : 0), 0);
  console.log(`corpus: ${tokens.toLocaleString()} tokens, V = ${words.length.toLocaleString()}, ${inVocabulary.toLocaleString()} in-vocabulary`);
  const corpusRssMB = process.memoryUsage().rss / 2 ** 20;

  const startedMs = performance.now();
  let lastLine = '';
  const result = await trainSgns(corpus, { threads, epochs, update }, {
    onProgress: (p) => {
      lastLine = `epoch ${p.epoch}/${p.epochs} ${((100 * p.wordsProcessed) / p.wordsTotal).toFixed(1)}% ${Math.round(p.wordsPerSecond / 1000)} k words/s α ${p.learningRate.toExponential(2)} loss ${p.loss?.toFixed(4) ?? '-'} eta ${((p.etaMs ?? 0) / 1000).toFixed(1)} s`;
      process.stderr.write(`\r${lastLine}   `);
    },
  });
  const wallMs = performance.now() - startedMs;
  process.stderr.write('\n');
  console.log(`update ${update}, ${threads} threads, ${epochs} epochs: wall ${(wallMs / 1000).toFixed(2)} s (training ${(result.elapsedMs / 1000).toFixed(2)} s), ${Math.round(result.wordsPerSecond).toLocaleString()} words/s`);
  console.log(`loss per epoch: ${result.lossCurve.map((point) => point.loss?.toFixed(4)).join(', ')}`);
  console.log(`pairs ${result.pairs.toLocaleString()}, negatives skipped ${result.negativesSkipped.toLocaleString()}, reproducible ${result.reproducible}`);

  const index = new Map(words.map((word, id) => [word, id]));
  const cosine = (a: string, b: string): string => {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) return 'n/a';
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < result.dimensions; k++) {
      const x = result.W[i * result.dimensions + k];
      const y = result.W[j * result.dimensions + k];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return (dot / Math.sqrt(na * nb)).toFixed(3);
  };
  console.log(`cos: king~queen ${cosine('king', 'queen')}, one~two ${cosine('one', 'two')}, france~germany ${cosine('france', 'germany')}, king~two ${cosine('king', 'two')}`);

  const single = await trainSgns(corpus, { threads: 1, epochs: 1, update });
  console.log(`1 thread, 1 epoch: ${(single.elapsedMs / 1000).toFixed(2)} s, ${Math.round(single.wordsPerSecond).toLocaleString()} words/s, loss ${single.lossCurve[0].loss?.toFixed(4)}`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (RSS ${corpusRssMB.toFixed(0)} MB after reading and encoding the corpus, before training)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
