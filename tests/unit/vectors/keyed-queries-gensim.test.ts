import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEmbedding } from '../../../src/engine/formats';
import { doesntMatch, mostSimilar, wordSimilarity, type WeightedWord } from '../../../src/engine/vectors/keyed-queries';
import { useTempFolders } from '../../helpers/temp-folder';
import { provenance } from '../formats/fixtures';
import { pythonMissing, randomEmbedding, referenceKernels } from '../evaluation/helpers';

// gensim's KeyedVectors is the judge: the same vectors, exported as word2vec text, must give the same
// most_similar, most_similar_cosmul, similarity and doesnt_match answers.
const missing = pythonMissing(['gensim']);
if (missing) console.warn(`gensim query tests skipped: ${missing}`);

const script = String.raw`
import json, sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1] + '/vectors.txt', binary=False)
queries = json.load(open(sys.argv[1] + '/queries.json'))
def lists(q):
    return [w if isinstance(w, str) else (w['word'], w['weight']) for w in q['positive']], [w if isinstance(w, str) else (w['word'], w['weight']) for w in q.get('negative', [])]
out = {'most_similar': [], 'cosmul': [], 'similarity': [], 'doesnt_match': []}
for q in queries['most_similar']:
    p, n = lists(q)
    out['most_similar'].append(kv.most_similar(positive=p, negative=n, topn=q['k'], restrict_vocab=q.get('restrict')))
for q in queries['cosmul']:
    p, n = lists(q)
    out['cosmul'].append(kv.most_similar_cosmul(positive=p, negative=n, topn=q['k']))
for a, b in queries['similarity']:
    out['similarity'].append(float(kv.similarity(a, b)))
for words in queries['doesnt_match']:
    out['doesnt_match'].append(kv.doesnt_match(words))
print(json.dumps(out))
`;

type Query = { positive: Array<string | WeightedWord>; negative?: Array<string | WeightedWord>; k: number; restrict?: number };

describe.skipIf(missing !== undefined)('queries equal gensim KeyedVectors', () => {
  const folder = useTempFolders();

  it('most_similar, most_similar_cosmul, similarity and doesnt_match give gensim’s answers', async () => {
    const words = Array.from({ length: 400 }, (_, index) => `w${index}`);
    const embedding = randomEmbedding(words, 24, 18);
    const root = folder();
    await exportEmbedding(embedding, { format: 'word2vec-text', out: join(root, 'vectors.txt'), manifest: provenance });
    const mostSimilarQueries: Query[] = [
      { positive: ['w3'], k: 10 },
      { positive: ['w10', 'w22'], negative: ['w5'], k: 15 },
      { positive: ['w7', 'w8', 'w9'], negative: ['w1', 'w2'], k: 5 },
      { positive: [{ word: 'w40', weight: 2 }, 'w41'], negative: [{ word: 'w42', weight: -0.5 }], k: 8 },
      { positive: ['w300'], negative: ['w4'], k: 10, restrict: 200 },
    ];
    const cosmulQueries: Query[] = [
      { positive: ['w10', 'w22'], negative: ['w5'], k: 10 },
      { positive: ['w3'], k: 10 },
      { positive: ['w100', 'w7'], negative: ['w8', 'w9'], k: 6 },
    ];
    const similarityPairs = [
      ['w1', 'w2'],
      ['w3', 'w399'],
      ['w50', 'w50'],
    ];
    const doesntMatchLists = [
      ['w1', 'w2', 'w3', 'w4'],
      ['w10', 'w20', 'w30', 'w40', 'w50', 'w60'],
    ];
    writeFileSync(join(root, 'queries.json'), JSON.stringify({ most_similar: mostSimilarQueries, cosmul: cosmulQueries, similarity: similarityPairs, doesnt_match: doesntMatchLists }));
    const python = spawnSync('/usr/bin/python3', ['-c', script, root], { encoding: 'utf8' });
    expect(python.status, python.stderr).toBe(0);
    const gensim = JSON.parse(python.stdout) as { most_similar: Array<Array<[string, number]>>; cosmul: Array<Array<[string, number]>>; similarity: number[]; doesnt_match: string[] };

    const compare = (ours: Array<{ word: string; score: number }>, theirs: Array<[string, number]>) => {
      expect(ours.map((neighbor) => neighbor.word)).toEqual(theirs.map(([word]) => word));
      ours.forEach((neighbor, rank) => expect(neighbor.score).toBeCloseTo(theirs[rank][1], 5));
    };
    for (const [position, query] of mostSimilarQueries.entries()) {
      const result = await mostSimilar(embedding, query, query.k, referenceKernels, { restrict: query.restrict, caseSensitive: true });
      compare(result.neighbors, gensim.most_similar[position]);
    }
    for (const [position, query] of cosmulQueries.entries()) {
      const result = await mostSimilar(embedding, query, query.k, referenceKernels, { method: '3cosmul', caseSensitive: true });
      compare(result.neighbors, gensim.cosmul[position]);
    }
    similarityPairs.forEach(([first, second], position) => {
      expect(wordSimilarity(embedding, first, second).similarity).toBeCloseTo(gensim.similarity[position], 5);
    });
    doesntMatchLists.forEach((list, position) => expect(doesntMatch(embedding, list).word).toBe(gensim.doesnt_match[position]));
  });
});
