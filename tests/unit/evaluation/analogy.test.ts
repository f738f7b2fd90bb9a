import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernels, type Kernels } from '../../../src/engine/compute';
import { createRandom, evaluateAnalogy, googleSections, parseAnalogySet, readAnalogySet, type AnalogySet } from '../../../src/engine/evaluation';
import type { Embedding } from '../../../src/engine/formats';
import { embeddingOf, referenceKernels } from './helpers';

const degrees = (angle: number, length = 1) => [length * Math.cos((angle * Math.PI) / 180), length * Math.sin((angle * Math.PI) / 180)];
const noBootstrap = { samples: 0, seed: 1 };

// a : b :: c : ? on the unit circle (lengths differ; only angles matter).
//   3CosAdd  x1: cos45 − cos80 + cos40 = 1.300     x2: cos145 − cos180 + cos140 = −0.585
//   3CosMul  x1: 0.854·0.883/(0.587+ε) = 1.28      x2: 0.090·0.117/(0+ε) = 10.6
// 3CosMul rewards x2 for lying opposite a; 3CosAdd prefers x1. (b and c would score 1.18 and 1.23
// on 3CosAdd, 1.10 and 1.13 on 3CosMul: below the winners, so exclusion is tested separately.)
const circle = embeddingOf({
  a: degrees(350, 2),
  b: degrees(25, 1),
  c: degrees(30, 3),
  x1: degrees(70, 0.5),
  x2: degrees(170, 4),
});

describe('evaluateAnalogy on hand-built embeddings', () => {
  it('3CosAdd and 3CosMul pick their known, different answers', async () => {
    const set = parseAnalogySet('a b c x1\na b c x2\n', 'circle');
    const result = await evaluateAnalogy(circle, set, referenceKernels, { includePredictions: true, bootstrap: noBootstrap });
    const [add, mul] = result.methods;
    expect(add.method).toBe('add');
    expect(add.predictions).toEqual(['x1', 'x1']);
    expect(mul.method).toBe('mul');
    expect(mul.predictions).toEqual(['x2', 'x2']);
    expect(add.overall).toMatchObject({ correct: 1, covered: 2, total: 2, accuracy: 0.5, allAccuracy: 0.5, coverage: 1 });
    expect(result.candidates).toBe(5);
  });

  it('never answers with a, b or c', async () => {
    // b − a + c ≈ b: without the exclusion b itself would win (1.10 against x's 0.98).
    const embedding = embeddingOf({ a: [1, 0, 0], b: [0, 1, 0], c: [1, 0.1, 0], x: [0, 0.9, 0.45], y: [0, 0, 1] });
    const set = parseAnalogySet('a b c x\n', 'exclusion');
    const result = await evaluateAnalogy(embedding, set, referenceKernels, { includePredictions: true, bootstrap: noBootstrap });
    for (const method of result.methods) expect(method.predictions).toEqual(['x']);
  });

  it('restricts candidates and known words to the top N', async () => {
    const set = parseAnalogySet('a b c x1\na b c x2\n', 'circle');
    const result = await evaluateAnalogy(circle, set, referenceKernels, { restrict: 4, includePredictions: true, bootstrap: noBootstrap });
    const [add, mul] = result.methods;
    // x2 (row 5) is gone: the second question is not covered, and x1 is the only candidate left.
    expect(result.candidates).toBe(4);
    expect(result.restrict).toBe(4);
    expect(mul.predictions).toEqual(['x1', null]);
    expect(mul.overall).toMatchObject({ correct: 1, covered: 1, total: 2, accuracy: 1, allAccuracy: 0.5, coverage: 0.5 });
    expect(add.overall).toMatchObject({ correct: 1, covered: 1, total: 2 });
    expect(result.oovWords).toEqual([{ word: 'x2', questions: 1 }]);
  });

  it('counts out-of-vocabulary questions as wrong in all-question accuracy, and matches case-insensitively', async () => {
    const set = parseAnalogySet('A B C X1\na b c unicorn\na b dragon x1\n', 'oov');
    const result = await evaluateAnalogy(circle, set, referenceKernels, { methods: ['add'], bootstrap: noBootstrap });
    expect(result.methods).toHaveLength(1);
    expect(result.methods[0].overall).toMatchObject({ correct: 1, covered: 1, total: 3, accuracy: 1, allAccuracy: 1 / 3, coverage: 1 / 3 });
    expect(result.oovWords).toEqual([
      { word: 'dragon', questions: 1 },
      { word: 'unicorn', questions: 1 },
    ]);
    const exact = await evaluateAnalogy(circle, set, referenceKernels, { methods: ['add'], caseSensitive: true, bootstrap: noBootstrap });
    expect(exact.methods[0].overall.covered).toBe(0);
  });

  it('reports progress per block and can be cancelled', async () => {
    const set = parseAnalogySet('a b c x1\na b x1 x2\nb c x1 x2\n', 'circle');
    const reports: string[] = [];
    await evaluateAnalogy(circle, set, referenceKernels, {
      bootstrap: noBootstrap,
      blockValues: 5 * 3,
      onProgress: (progress) => reports.push(`${progress.phase} ${progress.done}/${progress.total} ${progress.unit}`),
    });
    expect(reports).toEqual(['analogy 1/3 questions', 'analogy 2/3 questions', 'analogy 3/3 questions']);
    const controller = new AbortController();
    controller.abort();
    await expect(evaluateAnalogy(circle, set, referenceKernels, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('rejects unknown methods', async () => {
    const set = parseAnalogySet('a b c x1\n', 'circle');
    await expect(evaluateAnalogy(circle, set, referenceKernels, { methods: ['cosmul' as 'mul'] })).rejects.toMatchObject({ code: 'invalid-input' });
  });
});

describe('parseAnalogySet', () => {
  const text = [': capital-common-countries', 'athens greece baghdad iraq', 'athens greece oslo norway', ': gram1-adjective-to-adverb', 'calm calmly quick quickly', 'bad line here', ':', 'slow slowly quick quickly'].join('\n');

  it('reads ": section" headers and reports malformed lines', () => {
    const set = parseAnalogySet(text, 'mini');
    expect(set.sections).toEqual(['capital-common-countries', 'gram1-adjective-to-adverb']);
    expect(set.questions.map((question) => [question.a, question.d, question.section, question.line])).toEqual([
      ['athens', 'iraq', 0, 2],
      ['athens', 'norway', 0, 3],
      ['calm', 'quickly', 1, 5],
      ['slow', 'quickly', 1, 8],
    ]);
    expect(set.problems.map((problem) => [problem.line, problem.reason])).toEqual([
      [6, 'expected "a b c d" (4 words), found 3'],
      [7, 'a section line needs a name after ":"'],
    ]);
  });

  it('puts a headerless file in one section named after the set', () => {
    const set = parseAnalogySet('a b c d\ne f g h\n', 'plain');
    expect(set.sections).toEqual(['plain']);
    expect(set.questions.every((question) => question.section === 0)).toBe(true);
  });

  it('restores the 14 Google sections of the headerless hyperwords copy', async () => {
    const set = await readAnalogySet(join(import.meta.dirname, '..', '..', '..', 'resources', 'testsets', 'google.txt'));
    expect(set.questions).toHaveLength(19544);
    expect(set.sections).toEqual(googleSections.map((section) => section.name));
    const semantic = set.questions.filter((question) => question.section < 5);
    expect(semantic).toHaveLength(8869);
    expect(semantic.at(-1)!.line).toBe(8869);
    expect(set.questions[8869]).toMatchObject({ line: 8870, a: 'amazing', section: 5 });
    expect(set.questions.find((question) => question.section === 13)).toMatchObject({ line: 18675, a: 'decrease' });
    // Any other headerless file keeps one section.
    expect(parseAnalogySet('athens greece baghdad iraq\n', 'google-prefix').sections).toEqual(['google-prefix']);
  });
});

describe('per-section and semantic/syntactic results', () => {
  it('splits "gram…" sections (syntactic) from the others (semantic)', async () => {
    const embedding = embeddingOf({ a: degrees(350), b: degrees(25), c: degrees(30), x1: degrees(70), x2: degrees(170) });
    const set = parseAnalogySet(': family\na b c x1\na b c x2\n: gram2-opposite\na b c x2\n: currency\na b c unicorn\n', 'sections');
    const result = await evaluateAnalogy(embedding, set, referenceKernels, { methods: ['add'], bootstrap: noBootstrap });
    const add = result.methods[0];
    expect(add.sections.map((section) => [section.name, section.correct, section.covered, section.total])).toEqual([
      ['family', 1, 2, 2],
      ['gram2-opposite', 0, 1, 1],
      ['currency', 0, 0, 1],
    ]);
    expect(add.semantic).toMatchObject({ correct: 1, covered: 2, total: 3 });
    expect(add.syntactic).toMatchObject({ correct: 0, covered: 1, total: 1 });
    expect(add.sections[2].accuracy).toBeNaN();
    expect(add.sections[2].ci95).toBeNull();
    const plain = await evaluateAnalogy(embedding, parseAnalogySet(': one\na b c x1\n: two\na b c x2\n', 'p'), referenceKernels, { bootstrap: noBootstrap });
    expect(plain.methods[0].semantic).toBeUndefined();
  });

  it('gives seeded intervals for every score', async () => {
    const { embedding, set } = plantedAnalogies(11);
    const options = { bootstrap: { samples: 300, seed: 4 } };
    const first = await evaluateAnalogy(embedding, set, referenceKernels, options);
    const second = await evaluateAnalogy(embedding, set, referenceKernels, options);
    expect(first).toEqual(second);
    for (const method of first.methods) {
      for (const score of [method.overall, ...method.sections]) {
        const [low, high] = score.ci95!;
        expect(low).toBeLessThanOrEqual(score.accuracy);
        expect(high).toBeGreaterThanOrEqual(score.accuracy);
        expect(score.allCi95![0]).toBeLessThanOrEqual(score.allAccuracy);
      }
    }
  });
});

/**
 * Random vectors with planted relations: in each of 4 sections, y = x + r_section + noise for 10
 * pairs, and the questions are all ordered pairs of pairs. Some question words are unknown, and
 * "W3" appears in upper case in the vocabulary before a lower-case "w3".
 */
function plantedAnalogies(seed: number): { embedding: Embedding; set: AnalogySet } {
  const random = createRandom(seed, 'planted');
  const d = 12;
  const words = Array.from({ length: 150 }, (_, index) => (index === 3 ? 'W3' : `w${index}`));
  words.push('w3');
  const vectors = Float32Array.from({ length: words.length * d }, () => random() * 2 - 1);
  const lines: string[] = [];
  for (let section = 0; section < 4; section++) {
    const relation = Array.from({ length: d }, () => (random() * 2 - 1) * 1.5);
    const pairs: Array<[number, number]> = [];
    for (let pair = 0; pair < 10; pair++) {
      const x = section * 25 + pair;
      const y = section * 25 + 10 + pair;
      for (let index = 0; index < d; index++) vectors[y * d + index] = vectors[x * d + index] + relation[index] + (random() - 0.5) * 0.8;
      pairs.push([x, y]);
    }
    lines.push(`: ${section % 2 === 0 ? 'topic' : 'gram'}-${section}`);
    for (const [x1, y1] of pairs) for (const [x2, y2] of pairs) if (x1 !== x2) lines.push(`w${x1} w${y1} w${x2} w${y2}`);
    lines.push(`w${section} w${section + 1} unknown${section} w9`);
  }
  return { embedding: { words, vectors, dimensions: d }, set: parseAnalogySet(lines.join('\n'), 'planted') };
}

/** A second implementation: plain loops in float64, whole vocabulary or top N, first row wins ties. */
function referencePredictions(embedding: Embedding, set: AnalogySet, restrict: number, epsilon: number): { add: number[]; mul: number[] } {
  const { words, vectors, dimensions: d } = embedding;
  const unit = (row: number) => {
    const v = Array.from(vectors.subarray(row * d, (row + 1) * d));
    const norm = Math.sqrt(v.reduce((sum, value) => sum + value * value, 0));
    return v.map((value) => value / norm);
  };
  const units = words.map((_, row) => unit(row));
  const rowOf = new Map<string, number>();
  words.forEach((word, row) => {
    if (row < restrict && !rowOf.has(word.toLowerCase())) rowOf.set(word.toLowerCase(), row);
  });
  const cos = (x: number, y: number) => units[x].reduce((sum, value, index) => sum + value * units[y][index], 0);
  const add: number[] = [];
  const mul: number[] = [];
  for (const question of set.questions) {
    const [a, b, c, answer] = [question.a, question.b, question.c, question.d].map((word) => rowOf.get(word.toLowerCase()) ?? -1);
    if (a < 0 || b < 0 || c < 0 || answer < 0) {
      add.push(-1);
      mul.push(-1);
      continue;
    }
    let bestAdd = -1;
    let bestAddScore = -Infinity;
    let bestMul = -1;
    let bestMulScore = -Infinity;
    for (let x = 0; x < Math.min(restrict, words.length); x++) {
      if (x === a || x === b || x === c) continue;
      const addScore = cos(x, b) - cos(x, a) + cos(x, c);
      const mulScore = (((cos(x, b) + 1) / 2) * ((cos(x, c) + 1) / 2)) / ((cos(x, a) + 1) / 2 + epsilon);
      if (addScore > bestAddScore) [bestAdd, bestAddScore] = [x, addScore];
      if (mulScore > bestMulScore) [bestMul, bestMulScore] = [x, mulScore];
    }
    add.push(bestAdd);
    mul.push(bestMul);
  }
  return { add, mul };
}

describe('agreement with a plain float64 implementation', () => {
  let cpu: Kernels;
  beforeAll(async () => {
    cpu = await createKernels('cpu', { threads: 2 });
  });
  afterAll(async () => {
    await cpu?.dispose();
  });

  it.each([
    ['reference kernels, whole vocabulary', 21, undefined, 'reference'],
    ['cpu backend, whole vocabulary, small blocks', 22, undefined, 'cpu'],
    ['cpu backend, top 120 words', 23, 120, 'cpu'],
  ] as const)('%s', async (_label, seed, restrict, backend) => {
    const { embedding, set } = plantedAnalogies(seed);
    const kernels = backend === 'cpu' ? cpu : referenceKernels;
    const result = await evaluateAnalogy(embedding, set, kernels, { restrict, includePredictions: true, bootstrap: noBootstrap, blockValues: 151 * 7 });
    const expected = referencePredictions(embedding, set, restrict ?? Infinity, 0.001);
    for (const method of result.methods) {
      const predicted = expected[method.method];
      expect(method.predictions).toEqual(predicted.map((row) => (row < 0 ? null : embedding.words[row])));
      const rows = new Map(embedding.words.map((word, row) => [word.toLowerCase(), row] as const).reverse());
      const correct = set.questions.filter((question, index) => predicted[index] >= 0 && predicted[index] === rows.get(question.d.toLowerCase())).length;
      const covered = predicted.filter((row) => row >= 0).length;
      expect(method.overall.correct).toBe(correct);
      expect(method.overall.accuracy).toBeCloseTo(correct / covered, 6);
      expect(method.overall.allAccuracy).toBeCloseTo(correct / set.questions.length, 6);
      // Planted relations: well above chance, below perfect, so the comparison means something.
      expect(method.overall.accuracy).toBeGreaterThan(0.2);
      expect(method.overall.accuracy).toBeLessThan(1);
    }
  });
});
