import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { EncodedCorpus } from '../../../src/engine/models/sgns';

/** A small seeded LCG for building corpora (not the generator under test). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function withCounts(ids: Int32Array, V: number): EncodedCorpus {
  const counts = new Float64Array(V);
  for (const id of ids) if (id >= 0) counts[id]++;
  return { ids, counts };
}

/**
 * `tokens` ids over V words with a steep (Zipf-like) frequency curve, a share `sentenceEnds` of sentence
 * ends (−2) and 2% out-of-vocabulary tokens (−1).
 */
export function zipfCorpus(tokens: number, V: number, seed = 7, sentenceEnds = 0.01): EncodedCorpus {
  const random = lcg(seed);
  const ids = new Int32Array(tokens);
  for (let i = 0; i < tokens; i++) {
    const r = random();
    if (r < sentenceEnds) ids[i] = -2;
    else if (r < sentenceEnds + 0.02) ids[i] = -1;
    else ids[i] = Math.min(V - 1, Math.floor(V * random() ** 3));
  }
  return withCounts(ids, V);
}

/**
 * Two topics of `perCluster` words each (ids 0..perCluster−1 and perCluster..2·perCluster−1): every
 * sentence of 8 words is drawn from one topic only, so words co-occur only within their topic.
 */
export function twoTopicCorpus(sentences: number, perCluster: number, seed = 3): EncodedCorpus {
  const random = lcg(seed);
  const ids: number[] = [];
  for (let s = 0; s < sentences; s++) {
    const topic = s % 2;
    for (let i = 0; i < 8; i++) ids.push(topic * perCluster + Math.floor(random() * perCluster));
    ids.push(-2);
  }
  return withCounts(Int32Array.from(ids), 2 * perCluster);
}

/** The first `tokenLimit` tokens (at most ~1 M) of the bundled sample corpus, vocabulary = count ≥ minCount by count descending. */
export function text8Slice(tokenLimit: number, minCount = 5): { corpus: EncodedCorpus; index: Map<string, number> } {
  const text = gunzipSync(readFileSync(join(import.meta.dirname, '../../../resources/sample/text8-sample.txt.gz'))).toString('latin1');
  const tokens = text.split(' ').filter((token) => token.length > 0).slice(0, tokenLimit);
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const words = [...counts].filter(([, count]) => count >= minCount).sort((a, b) => b[1] - a[1]).map(([word]) => word);
  const index = new Map(words.map((word, id) => [word, id]));
  const ids = Int32Array.from(tokens, (token) => index.get(token) ?? -1);
  return { corpus: { ids, counts: Float64Array.from(words, (word) => counts.get(word)!) }, index };
}

export function cosine(matrix: Float32Array, d: number, i: number, j: number): number {
  let dot = 0;
  let ni = 0;
  let nj = 0;
  for (let k = 0; k < d; k++) {
    const x = matrix[i * d + k];
    const y = matrix[j * d + k];
    dot += x * y;
    ni += x * x;
    nj += y * y;
  }
  return dot / Math.sqrt(ni * nj);
}

/** Indices where two arrays differ in their bits (NaN-safe), at most `limit`. */
export function differingIndices(a: Float32Array, b: Float32Array, limit = 5): number[] {
  const left = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const right = new Uint32Array(b.buffer, b.byteOffset, b.length);
  const found: number[] = [];
  for (let i = 0; i < left.length && found.length < limit; i++) if (left[i] !== right[i]) found.push(i);
  if (a.length !== b.length) found.push(-1);
  return found;
}
