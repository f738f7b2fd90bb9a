import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledTestSetPath,
  bundledTestSets,
  createRandom,
  evaluateAnalogy,
  evaluateSimilarity,
  readAnalogySet,
  readSimilaritySet,
  type AnalogySet,
} from '../../../src/engine/evaluation';
import { exportEmbedding, loadEmbedding, type Embedding } from '../../../src/engine/formats';
import { useTempFolders } from '../../helpers/temp-folder';
import { pythonMissing, referenceKernels } from './helpers';

// The done criterion: on the same vector file, Firth's scores equal a straightforward numpy/scipy
// implementation of the hyperwords protocol (peers.md) to ±0.001.

const testSetsFolder = join(import.meta.dirname, '..', '..', '..', 'resources', 'testsets');
const missing = pythonMissing(['numpy', 'scipy']);
if (missing) console.warn(`hyperwords reference test skipped: ${missing}`);

const script = String.raw`
import json, sys
import numpy as np
from scipy.stats import spearmanr, pearsonr

vectors_file, similarity_files, analogy_file, restrict = sys.argv[1], sys.argv[2].split(','), sys.argv[3], int(sys.argv[4])
with open(vectors_file, encoding='utf-8') as f:
    count, dim = map(int, f.readline().split())
    words, rows = [], []
    for line in f:
        parts = line.rstrip('\n').split(' ')
        words.append(parts[0])
        rows.append(np.array(parts[1:], dtype=np.float32))
m = np.vstack(rows)
m = m / np.sqrt((m * m).sum(axis=1))[:, None]  # hyperwords Embedding.normalize()
index = {}
for i, w in enumerate(words):
    index.setdefault(w.lower(), i)

out = {'similarity': {}, 'analogy': {}}
for path in similarity_files:
    gold, skip_model, zero_gold, zero_model = [], [], [], []
    for line in open(path, encoding='utf-8'):
        a, b, score = line.strip().lower().split()
        known = a in index and b in index
        sim = float(m[index[a]].dot(m[index[b]])) if known else 0.0
        zero_gold.append(float(score)); zero_model.append(sim)
        if known:
            gold.append(float(score)); skip_model.append(sim)
    out['similarity'][path] = {
        'skip': spearmanr(gold, skip_model)[0], 'pearson': pearsonr(gold, skip_model)[0],
        'zero': spearmanr(zero_gold, zero_model)[0], 'covered': len(gold), 'total': len(zero_gold)}

def analogy(limit):
    mm = m[:limit]
    idx = {w: i for w, i in index.items() if i < limit}
    questions = []
    for line in open(analogy_file, encoding='utf-8'):
        q = line.strip().lower().split()
        if all(w in idx for w in q):
            questions.append([idx[w] for w in q])
    q = np.array(questions)
    correct = {'add': 0, 'mul': 0}
    for start in range(0, len(q), 500):
        batch = q[start:start + 500]
        sa, sb, sc = (mm @ mm[batch[:, k]].T for k in range(3))  # V × batch cosines
        add = sb - sa + sc
        mul = ((sb + 1) / 2) * ((sc + 1) / 2) / ((sa + 1) / 2 + 0.001)
        cols = np.arange(len(batch))
        for k in range(3):
            add[batch[:, k], cols] = -np.inf
            mul[batch[:, k], cols] = -np.inf
        correct['add'] += int((add.argmax(axis=0) == batch[:, 3]).sum())
        correct['mul'] += int((mul.argmax(axis=0) == batch[:, 3]).sum())
    return {'covered': len(q), 'add': correct['add'], 'mul': correct['mul']}

out['analogy']['full'] = analogy(len(words))
out['analogy']['restricted'] = analogy(restrict)
print(json.dumps(out))
`;

/**
 * A fixed embedding over the bundled sets' words: 15% of them left out (so coverage and OOV logic
 * matter), fillers up to 3,000 words, and planted Google relations (y = x + r_section + noise) so
 * analogy accuracy is far from 0 and from 1.
 */
function fixedEmbedding(similarityWords: string[], analogies: AnalogySet): Embedding {
  const random = createRandom(2024, 'hyperwords-fixture');
  const d = 48;
  const all = [...new Set([...similarityWords, ...analogies.questions.flatMap((q) => [q.a, q.b, q.c, q.d])].map((word) => word.toLowerCase()))];
  const words = all.filter(() => random() > 0.15);
  for (let filler = 0; words.length < 3000; filler++) words.push(`filler${filler}`);
  for (let index = words.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [words[index], words[other]] = [words[other], words[index]];
  }
  const rowOf = new Map(words.map((word, row) => [word, row]));
  const vectors = Float32Array.from({ length: words.length * d }, () => random() * 2 - 1);
  const relations = analogies.sections.map(() => Array.from({ length: d }, () => (random() * 2 - 1) * 0.8));
  const placed = new Set<number>();
  for (const question of analogies.questions) {
    for (const [from, to] of [
      [question.a, question.b],
      [question.c, question.d],
    ]) {
      const x = rowOf.get(from);
      const y = rowOf.get(to);
      if (x === undefined || y === undefined || placed.has(y)) continue;
      placed.add(y);
      for (let index = 0; index < d; index++) {
        vectors[y * d + index] = vectors[x * d + index] + relations[question.section][index] + (random() - 0.5) * 3;
      }
    }
  }
  return { words, vectors, dimensions: d };
}

describe.skipIf(missing !== undefined)('agreement with numpy/scipy (hyperwords protocol)', () => {
  const folder = useTempFolders();

  it('gives the same Spearman ρ, coverage and analogy accuracy on an exported vector file', async () => {
    const similaritySets = await Promise.all(
      bundledTestSets.filter((set) => set.kind === 'similarity').map((set) => readSimilaritySet(bundledTestSetPath(testSetsFolder, set.id))),
    );
    const googleFile = bundledTestSetPath(testSetsFolder, 'google');
    const google = await readAnalogySet(googleFile);
    const embedding = fixedEmbedding(similaritySets.flatMap((set) => set.pairs.flatMap((pair) => [pair.word1, pair.word2])), google);

    const vectorsFile = join(folder(), 'fixed.txt');
    await exportEmbedding(embedding, { format: 'word2vec-text', out: vectorsFile, manifest: { appVersion: 'test', matrix: 'w', normalization: 'none' } });
    const loaded = (await loadEmbedding(vectorsFile)).embedding;
    const restrict = 1500;

    const similarityFiles = similaritySets.map((set) => bundledTestSetPath(testSetsFolder, bundledTestSets.find((entry) => entry.fileName === `${set.name}.txt`)!.id));
    const python = spawnSync('/usr/bin/python3', ['-c', script, vectorsFile, similarityFiles.join(','), googleFile, String(restrict)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    expect(python.stderr).toBe('');
    const reference = JSON.parse(python.stdout) as {
      similarity: Record<string, { skip: number; zero: number; pearson: number; covered: number; total: number }>;
      analogy: Record<'full' | 'restricted', { covered: number; add: number; mul: number }>;
    };

    similaritySets.forEach((set, index) => {
      const expected = reference.similarity[similarityFiles[index]];
      const skip = evaluateSimilarity(loaded, set, { oov: 'skip', bootstrap: { samples: 0, seed: 1 } });
      const zero = evaluateSimilarity(loaded, set, { oov: 'zero', bootstrap: { samples: 0, seed: 1 } });
      expect(skip.covered).toBe(expected.covered);
      expect(skip.total).toBe(expected.total);
      expect(Math.abs(skip.spearman - expected.skip)).toBeLessThan(0.001);
      expect(Math.abs(skip.pearson - expected.pearson)).toBeLessThan(0.001);
      expect(Math.abs(zero.spearman - expected.zero)).toBeLessThan(0.001);
    });

    for (const [label, limit] of [
      ['full', undefined],
      ['restricted', restrict],
    ] as const) {
      const expected = reference.analogy[label];
      const result = await evaluateAnalogy(loaded, google, referenceKernels, { restrict: limit, bootstrap: { samples: 0, seed: 1 } });
      const [add, mul] = result.methods;
      expect(add.overall.covered).toBe(expected.covered);
      expect(Math.abs(add.overall.accuracy - expected.add / expected.covered)).toBeLessThan(0.001);
      expect(Math.abs(mul.overall.accuracy - expected.mul / expected.covered)).toBeLessThan(0.001);
      expect(Math.abs(add.overall.allAccuracy - expected.add / 19544)).toBeLessThan(0.001);
      console.log(`hyperwords reference (${label}): add ${add.overall.accuracy.toFixed(4)} mul ${mul.overall.accuracy.toFixed(4)} of ${expected.covered}; numpy add ${(expected.add / expected.covered).toFixed(4)} mul ${(expected.mul / expected.covered).toFixed(4)}`);
      // Far from trivial: the comparison would catch a wrong exclusion or ε.
      expect(add.overall.accuracy).toBeGreaterThan(0.05);
      expect(add.overall.accuracy).toBeLessThan(0.95);
    }
    writeFileSync(join(folder(), 'reference.json'), python.stdout);
  });
});
