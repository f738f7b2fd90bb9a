import { FirthError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import type { Kernels } from '../compute';
import type { Embedding } from '../formats/embedding';
import { sectionGroups, type AnalogySet } from './analogy-set';
import { defaultBootstrap, proportionInterval, type BootstrapOptions, type Interval } from './bootstrap';
import { candidateRows, findRow, unitVectors, unitVectorsTransposed, wordIndex } from './unit-vectors';

// a : b :: c : ?  With unit vectors and x ranging over the candidates minus {a, b, c}:
//   3CosAdd (Mikolov et al. 2013):   argmax_x cos(x,b) − cos(x,a) + cos(x,c)
//   3CosMul (Levy & Goldberg 2014):  argmax_x cos'(x,b)·cos'(x,c) / (cos'(x,a) + ε),
//                                    cos' = (cos + 1)/2 maps dense cosines into [0, 1], ε = 0.001.
// Both need only the three rows cos(·,a), cos(·,b), cos(·,c). A test set reuses few words (the
// Google set's 19,544 questions use 905), so the cosines of each distinct question word with every
// candidate are computed once, as one matrix product (words × d)·(d × V) on the compute backend,
// and each question then scans its three rows. No V×V matrix is ever formed.

export type AnalogyMethod = 'add' | 'mul';

export interface AnalogyOptions {
  /** Candidates (and known question words) are the top N words: word2vec used 30,000, gensim 300,000. */
  restrict?: number;
  methods?: AnalogyMethod[];
  /** 3CosMul's ε (default 0.001, as in the paper; hyperwords' code uses 0.01). */
  epsilon?: number;
  caseSensitive?: boolean;
  bootstrap?: BootstrapOptions;
  /** Also return each question's predicted word per method. */
  includePredictions?: boolean;
  /** Cosine values held at once (default 2^25 = 128 MiB); bounds the words per matrix product. */
  blockValues?: number;
  /** Cancels between blocks with a 'cancelled' error. */
  signal?: AbortSignal;
  /** Covered questions answered so far (phase 'analogy', unit 'questions'), once per block. */
  onProgress?: (progress: Progress) => void;
}

export interface AccuracyScore {
  correct: number;
  /** Questions with all four words among the candidates. */
  covered: number;
  total: number;
  /** correct / covered: what gensim and word2vec report. */
  accuracy: number;
  /** correct / total: out-of-vocabulary questions count as wrong (hyperwords). */
  allAccuracy: number;
  coverage: number;
  ci95: Interval;
  allCi95: Interval;
}

export interface SectionScore extends AccuracyScore {
  name: string;
}

export interface AnalogyMethodResult {
  method: AnalogyMethod;
  overall: AccuracyScore;
  sections: SectionScore[];
  /** For sets with "gram…" (syntactic) and other (semantic) sections, e.g. Google. */
  semantic?: AccuracyScore;
  syntactic?: AccuracyScore;
  /** Per question of the set: the predicted word, null when the question was not covered. */
  predictions?: Array<string | null>;
}

export interface AnalogyResult {
  set: string;
  /** Size of the candidate vocabulary. */
  candidates: number;
  restrict: number | null;
  epsilon: number;
  methods: AnalogyMethodResult[];
  /** Words of uncovered questions that are not among the candidates, most questions lost first. */
  oovWords: Array<{ word: string; questions: number }>;
}

const defaultBlockValues = 1 << 25;

/** Best candidate per question and method; −1 when the question is not covered. */
interface Predictions {
  add?: Int32Array;
  mul?: Int32Array;
}

export async function evaluateAnalogy(embedding: Embedding, set: AnalogySet, kernels: Kernels, options: AnalogyOptions = {}): Promise<AnalogyResult> {
  const methods = options.methods ?? ['add', 'mul'];
  if (methods.length === 0 || methods.some((method) => method !== 'add' && method !== 'mul')) {
    throw new FirthError('invalid-input', `methods must be a non-empty list of "add" and "mul" (got ${JSON.stringify(methods)})`, { field: 'methods' });
  }
  const epsilon = options.epsilon ?? 0.001;
  const caseSensitive = options.caseSensitive ?? false;
  const rows = candidateRows(embedding, options.restrict);
  const index = wordIndex(embedding, caseSensitive);

  const questionCount = set.questions.length;
  const questionRows = new Int32Array(questionCount * 4).fill(-1);
  const missingCounts = new Map<string, number>();
  const coveredQuestions: number[] = [];
  set.questions.forEach((question, number) => {
    const words = [question.a, question.b, question.c, question.d];
    let covered = true;
    words.forEach((word, position) => {
      const row = findRow(index, word, caseSensitive, rows);
      questionRows[number * 4 + position] = row;
      if (row < 0) {
        covered = false;
        const key = caseSensitive ? word : word.toLowerCase();
        missingCounts.set(key, (missingCounts.get(key) ?? 0) + 1);
      }
    });
    if (covered) coveredQuestions.push(number);
  });

  const predictions: Predictions = {};
  if (methods.includes('add')) predictions.add = new Int32Array(questionCount).fill(-1);
  if (methods.includes('mul')) predictions.mul = new Int32Array(questionCount).fill(-1);
  await predictAll(embedding, rows, questionRows, coveredQuestions, predictions, epsilon, kernels, options);

  const bootstrap = options.bootstrap ?? defaultBootstrap;
  const groups = sectionGroups(set);
  const methodResults = methods.map((method): AnalogyMethodResult => {
    const predicted = predictions[method]!;
    const correct = new Uint8Array(questionCount);
    for (let question = 0; question < questionCount; question++) {
      correct[question] = predicted[question] >= 0 && predicted[question] === questionRows[question * 4 + 3] ? 1 : 0;
    }
    const score = (include: (section: number) => boolean, label: string) => tally(set, correct, predicted, include, bootstrap, `${set.name}/${method}/${label}`);
    const result: AnalogyMethodResult = {
      method,
      overall: score(() => true, 'all'),
      sections: set.sections.map((name, section) => ({ name, ...score((value) => value === section, `section:${name}`) })),
    };
    if (groups) {
      result.semantic = score((section) => groups.semantic.includes(section), 'semantic');
      result.syntactic = score((section) => groups.syntactic.includes(section), 'syntactic');
    }
    if (options.includePredictions) result.predictions = Array.from(predicted, (row) => (row >= 0 ? embedding.words[row] : null));
    return result;
  });

  return {
    set: set.name,
    candidates: rows,
    restrict: options.restrict ?? null,
    epsilon,
    methods: methodResults,
    oovWords: [...missingCounts].map(([word, questions]) => ({ word, questions })).sort((left, right) => right.questions - left.questions || (left.word < right.word ? -1 : 1)),
  };
}

function tally(
  set: AnalogySet,
  correct: Uint8Array,
  predicted: Int32Array,
  include: (section: number) => boolean,
  bootstrap: BootstrapOptions,
  stream: string,
): AccuracyScore {
  let total = 0;
  let covered = 0;
  let right = 0;
  set.questions.forEach((question, number) => {
    if (!include(question.section)) return;
    total++;
    if (predicted[number] >= 0) covered++;
    right += correct[number];
  });
  return {
    correct: right,
    covered,
    total,
    accuracy: covered === 0 ? Number.NaN : right / covered,
    allAccuracy: total === 0 ? Number.NaN : right / total,
    coverage: total === 0 ? Number.NaN : covered / total,
    ci95: proportionInterval(right, covered, bootstrap, `${stream}/covered`),
    allCi95: proportionInterval(right, total, bootstrap, `${stream}/all`),
  };
}

/**
 * Fills the predictions of every covered question, a block at a time: a block takes questions in
 * order until its distinct words × candidates reach the memory budget.
 */
async function predictAll(
  embedding: Embedding,
  rows: number,
  questionRows: Int32Array,
  coveredQuestions: number[],
  predictions: Predictions,
  epsilon: number,
  kernels: Kernels,
  options: AnalogyOptions,
): Promise<void> {
  if (coveredQuestions.length === 0) return;
  const d = embedding.dimensions;
  const unit = unitVectors(embedding);
  const transposed = unitVectorsTransposed(embedding, rows);
  const maxWords = Math.max(3, Math.floor((options.blockValues ?? defaultBlockValues) / rows));

  let done = 0;
  for (let start = 0; start < coveredQuestions.length; ) {
    if (options.signal?.aborted) throw new FirthError('cancelled', 'Cancelled');
    const slotOfRow = new Map<number, number>();
    let end = start;
    while (end < coveredQuestions.length) {
      const question = coveredQuestions[end];
      let added = 0;
      for (let position = 0; position < 3; position++) {
        if (!slotOfRow.has(questionRows[question * 4 + position])) added++;
      }
      if (slotOfRow.size + added > maxWords) break;
      for (let position = 0; position < 3; position++) {
        const row = questionRows[question * 4 + position];
        if (!slotOfRow.has(row)) slotOfRow.set(row, slotOfRow.size);
      }
      end++;
    }

    const words = slotOfRow.size;
    const queries = new Float32Array(words * d);
    for (const [row, slot] of slotOfRow) queries.set(unit.subarray(row * d, (row + 1) * d), slot * d);
    // cosines[slot × rows + x] = cos(word in slot, candidate x).
    const cosines = await kernels.matmul(queries, transposed, words, d, rows);

    for (let position = start; position < end; position++) {
      const question = coveredQuestions[position];
      const a = questionRows[question * 4];
      const b = questionRows[question * 4 + 1];
      const c = questionRows[question * 4 + 2];
      const aOffset = slotOfRow.get(a)! * rows;
      const bOffset = slotOfRow.get(b)! * rows;
      const cOffset = slotOfRow.get(c)! * rows;
      if (predictions.add && predictions.mul) {
        const [add, mul] = bestAddAndMul(cosines, aOffset, bOffset, cOffset, rows, a, b, c, epsilon);
        predictions.add[question] = add;
        predictions.mul[question] = mul;
      } else if (predictions.add) {
        predictions.add[question] = bestAdd(cosines, aOffset, bOffset, cOffset, rows, a, b, c);
      } else if (predictions.mul) {
        predictions.mul[question] = bestMul(cosines, aOffset, bOffset, cOffset, rows, a, b, c, epsilon);
      }
    }
    done += end - start;
    options.onProgress?.({ phase: 'analogy', done, total: coveredQuestions.length, unit: 'questions' });
    start = end;
  }
}

// The scans below are the hot loop (questions × candidates). The exclusion test runs only when a
// candidate beats the best so far, which is rare, so it costs almost nothing. Ties keep the lower
// row, as numpy's argmax does.

function bestAdd(cosines: Float32Array, aOffset: number, bOffset: number, cOffset: number, rows: number, a: number, b: number, c: number): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < rows; x++) {
    const score = cosines[bOffset + x] - cosines[aOffset + x] + cosines[cOffset + x];
    if (score > bestScore && x !== a && x !== b && x !== c) {
      bestScore = score;
      best = x;
    }
  }
  return best;
}

/**
 * 3CosMul's argmax. ((cb+1)/2 · (cc+1)/2) / ((ca+1)/2 + ε) equals (cb+1)(cc+1) / (2(ca + 1 + 2ε)),
 * so comparing (cb+1)(cc+1) / (ca + 1 + 2ε) picks the same word with fewer operations.
 */
function bestMul(cosines: Float32Array, aOffset: number, bOffset: number, cOffset: number, rows: number, a: number, b: number, c: number, epsilon: number): number {
  const shift = 1 + 2 * epsilon;
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < rows; x++) {
    const score = ((cosines[bOffset + x] + 1) * (cosines[cOffset + x] + 1)) / (cosines[aOffset + x] + shift);
    if (score > bestScore && x !== a && x !== b && x !== c) {
      bestScore = score;
      best = x;
    }
  }
  return best;
}

function bestAddAndMul(
  cosines: Float32Array,
  aOffset: number,
  bOffset: number,
  cOffset: number,
  rows: number,
  a: number,
  b: number,
  c: number,
  epsilon: number,
): [number, number] {
  const shift = 1 + 2 * epsilon;
  let bestAdd = -1;
  let bestAddScore = Number.NEGATIVE_INFINITY;
  let bestMul = -1;
  let bestMulScore = Number.NEGATIVE_INFINITY;
  for (let x = 0; x < rows; x++) {
    const cosineA = cosines[aOffset + x];
    const cosineB = cosines[bOffset + x];
    const cosineC = cosines[cOffset + x];
    const add = cosineB - cosineA + cosineC;
    const mul = ((cosineB + 1) * (cosineC + 1)) / (cosineA + shift);
    if (add > bestAddScore && x !== a && x !== b && x !== c) {
      bestAddScore = add;
      bestAdd = x;
    }
    if (mul > bestMulScore && x !== a && x !== b && x !== c) {
      bestMulScore = mul;
      bestMul = x;
    }
  }
  return [bestAdd, bestMul];
}
