import { describe, expect, it } from 'vitest';
import { evaluateSimilarity, parseSimilaritySet, pearson, spearman } from '../../../src/engine/evaluation';
import { embeddingOf, randomEmbedding } from './helpers';

const degrees = (angle: number, length = 1) => [length * Math.cos((angle * Math.PI) / 180), length * Math.sin((angle * Math.PI) / 180)];

// Lengths differ on purpose: only directions may matter.
const animals = embeddingOf({
  cat: degrees(0, 1),
  dog: degrees(30, 2), // cos(cat, dog) = cos 30° = 0.866
  Tiger: degrees(45, 3), // cos(cat, tiger) = 0.707; found as "tiger" unless case-sensitive
  car: [0, 5], // cos(cat, car) = 0 exactly, cos(dog, car) = cos 60° = 0.5
  tiger: degrees(180, 1), // a less frequent spelling: case-insensitive lookups take "Tiger" (row 2)
});

const setText = `# a tiny hand-made set
word1\tword2\tscore
cat dog 9
cat car 1
cat   tiger\t8
dog car 2

cat unicorn 5
dog cat
car dog many
`;

describe('parseSimilaritySet', () => {
  it('reads pairs, skips comments, blank lines and a header, and reports malformed lines', () => {
    const set = parseSimilaritySet(setText, 'tiny');
    expect(set.header).toBe('word1\tword2\tscore');
    expect(set.pairs.map((pair) => [pair.word1, pair.word2, pair.score, pair.line])).toEqual([
      ['cat', 'dog', 9, 3],
      ['cat', 'car', 1, 4],
      ['cat', 'tiger', 8, 5],
      ['dog', 'car', 2, 6],
      ['cat', 'unicorn', 5, 8],
    ]);
    expect(set.problems).toEqual([
      { line: 9, text: 'dog cat', reason: 'expected "word1 word2 score", found 2 fields' },
      { line: 10, text: 'car dog many', reason: 'the score "many" is not a number' },
    ]);
  });

  it('takes a non-numeric line as a header only before any pair', () => {
    const set = parseSimilaritySet('a b 1\nc d x\n', 's');
    expect(set.header).toBeUndefined();
    expect(set.problems).toHaveLength(1);
  });
});

describe('evaluateSimilarity', () => {
  const set = parseSimilaritySet(setText, 'tiny');

  it('skips out-of-vocabulary pairs by default and reports coverage', () => {
    const result = evaluateSimilarity(animals, set, { bootstrap: { samples: 0, seed: 1 } });
    // gold [9, 1, 8, 2] and cosines [0.866, 0, 0.707, 0.5] have the same order.
    expect(result.spearman).toBeCloseTo(1, 12);
    expect(result.pearson).toBeCloseTo(pearson([9, 1, 8, 2], [Math.cos(Math.PI / 6), 0, Math.SQRT1_2, 0.5]), 6);
    expect(result).toMatchObject({ used: 4, covered: 4, total: 5, coverage: 0.8, oov: 'skip', ci95: null });
    expect(result.oovPairs).toEqual([{ word1: 'cat', word2: 'unicorn', line: 8, missing: ['unicorn'] }]);
    expect(result.similarities[0]).toBeCloseTo(Math.cos(Math.PI / 6), 6);
    expect(result.similarities[2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(result.similarities[4]).toBeNull();
  });

  it('scores out-of-vocabulary pairs 0 and keeps them with oov: zero (hyperwords)', () => {
    const result = evaluateSimilarity(animals, set, { oov: 'zero', bootstrap: { samples: 0, seed: 1 } });
    // model [0.866, 0, 0.707, 0.5, 0] ranks [5, 1.5, 4, 3, 1.5]; gold ranks [5, 1, 4, 2, 3]:
    // cov 8, var 10 and 9.5 → 8/√95.
    expect(result.spearman).toBeCloseTo(8 / Math.sqrt(95), 6);
    expect(result).toMatchObject({ used: 5, covered: 4, total: 5, coverage: 0.8, oov: 'zero' });
  });

  it('folds case unless asked not to', () => {
    const exact = evaluateSimilarity(animals, set, { caseSensitive: true, bootstrap: { samples: 0, seed: 1 } });
    // "tiger" is now row 4 at 180°: cos −1, so the order breaks.
    expect(exact.similarities[2]).toBeCloseTo(-1, 6);
    expect(exact.spearman).toBeCloseTo(spearman([9, 1, 8, 2], [0.866, 0, -1, 0.5]), 12);
    const upper = parseSimilaritySet('CAT DOG 3\ncat car 1\n', 'upper');
    expect(evaluateSimilarity(animals, upper, { bootstrap: { samples: 0, seed: 1 } }).covered).toBe(2);
  });

  it('knows only the top N words with restrict', () => {
    const result = evaluateSimilarity(animals, set, { restrict: 3, bootstrap: { samples: 0, seed: 1 } });
    // car is row 3: pairs with car become out of vocabulary.
    expect(result.covered).toBe(2);
    expect(result.oovPairs.map((pair) => pair.missing)).toEqual([['car'], ['car'], ['unicorn']]);
  });

  it('gives seeded bootstrap intervals around the estimate', () => {
    const words = Array.from({ length: 60 }, (_, index) => `w${index}`);
    const embedding = randomEmbedding(words, 8, 3);
    const pairs = Array.from({ length: 80 }, (_, index) => `w${index % 60} w${(index * 7 + 1) % 60} ${(index * 37) % 11}`).join('\n');
    const pairSet = parseSimilaritySet(pairs, 'random');
    const options = { bootstrap: { samples: 400, seed: 5 } };
    const first = evaluateSimilarity(embedding, pairSet, options);
    const second = evaluateSimilarity(embedding, pairSet, options);
    expect(first.ci95).toEqual(second.ci95);
    const [low, high] = first.ci95!;
    expect(low).toBeLessThan(first.spearman);
    expect(high).toBeGreaterThan(first.spearman);
    // About ±1.96/√80 ≈ ±0.22 wide for a weak correlation.
    expect(high - low).toBeGreaterThan(0.2);
    expect(high - low).toBeLessThan(0.7);
    const [pearsonLow, pearsonHigh] = first.pearsonCi95!;
    expect(pearsonLow).toBeLessThan(first.pearson);
    expect(pearsonHigh).toBeGreaterThan(first.pearson);
    expect(evaluateSimilarity(embedding, pairSet, { bootstrap: { samples: 400, seed: 6 } }).ci95).not.toEqual(first.ci95);
  });
});
