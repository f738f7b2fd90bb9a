import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { takeTopRows, type Embedding } from './embedding';
import { EmbeddingBuilder, findNonFinite } from './embedding-builder';
import { ImportProblems } from './import-problems';
import type { ImportOptions, ImportResult } from './import-types';
import { npyChunks, readNpyMatrix } from './npy';
import { checkWordsWritable } from './word-rules';
import { readWordList, wordListChunks, type WordList } from './vocabulary-files';
import type { Chunks } from './atomic-files';
import type { RowCounter } from './text-rows';

// A matrix in NumPy's .npy (float32, V×d, C order) with its words in a sidecar, one per line:
// np.load("vectors.npy") and open("vocab.txt").read().split("\n") give back the embedding.

function unwritableLineWord(word: string): string | undefined {
  if (word === '') return 'the word is empty';
  if (/[\r\n]/.test(word)) return `the word "${word}" contains a line break`;
  return undefined;
}

/** vectors.npy and vocab.txt, each as chunks; `onRows` counts the rows of vectors.npy. */
export function npyBundleFiles(embedding: Embedding, onRows?: RowCounter): Array<{ name: string; chunks: Chunks }> {
  checkWordsWritable(embedding.words, unwritableLineWord, 'vocab.txt');
  return [
    { name: 'vectors.npy', chunks: npyChunks(embedding.vectors, embedding.words.length, embedding.dimensions, onRows) },
    { name: 'vocab.txt', chunks: wordListChunks(embedding.words) },
  ];
}

/**
 * The word list that belongs to a .npy file: `<name>.vocab.txt`, then `vocab.txt`, then a run
 * folder's `vocab.tsv` (word<TAB>count) in the same folder.
 */
export function findVocabularyFor(npyFile: string): { file: string; withCounts: boolean } | undefined {
  const folder = dirname(npyFile);
  const stem = basename(npyFile).replace(/\.npy$/i, '');
  for (const [name, withCounts] of [
    [`${stem}.vocab.txt`, false],
    ['vocab.txt', false],
    ['vocab.tsv', true],
  ] as const) {
    if (existsSync(join(folder, name))) return { file: join(folder, name), withCounts };
  }
  return undefined;
}

/**
 * Joins word lines to matrix rows: line i of the word list is row i. Rows whose word or values were
 * rejected are left out (skipInvalid) and every other mismatch is an error.
 */
export function joinWordsToRows(
  list: WordList,
  values: Float32Array,
  rows: number,
  dimensions: number,
  matrixProblems: ImportProblems,
  wordProblems: ImportProblems,
): Embedding {
  if (list.wordLines !== rows) {
    throw wordProblems.error({}, `names ${list.wordLines} words but the matrix ${basename(matrixProblems.file)} has ${rows} rows`);
  }
  const builder = new EmbeddingBuilder(dimensions, list.words.length);
  list.words.forEach((word, index) => {
    const row = list.lines[index] - 1;
    const reason = findNonFinite(values, row * dimensions, dimensions);
    if (reason) return matrixProblems.report({ record: row + 1 }, `row ${row + 1} ("${word}"): ${reason}`);
    const { target, offset } = builder.nextRow();
    target.set(values.subarray(row * dimensions, (row + 1) * dimensions), offset);
    builder.commit(word, { line: list.lines[index] }, wordProblems, list.counts?.[index]);
  });
  return builder.finish();
}

/** Reads a .npy matrix and its word list (found beside it unless `vocabularyFile` is given). */
export async function readNpyBundle(npyFile: string, options: ImportOptions & { vocabularyFile?: string } = {}): Promise<ImportResult> {
  const skipInvalid = options.skipInvalid ?? false;
  const vocabulary = options.vocabularyFile
    ? { file: options.vocabularyFile, withCounts: options.vocabularyFile.endsWith('.tsv') }
    : findVocabularyFor(npyFile);
  const matrixProblems = new ImportProblems(npyFile, skipInvalid);
  if (!vocabulary) {
    throw matrixProblems.error({}, 'no word list beside it: expected vocab.txt (one word per line) in the same folder');
  }
  const wordProblems = new ImportProblems(vocabulary.file, skipInvalid);
  const list = await readWordList(vocabulary.file, wordProblems, { withCounts: vocabulary.withCounts, encoding: options.encoding, signal: options.signal });
  const matrix = await readNpyMatrix(npyFile);
  if (matrix.columns < 1) throw matrixProblems.error({}, 'the matrix has 0 columns (dimensions)');
  let embedding = joinWordsToRows(list, matrix.values, matrix.rows, matrix.columns, matrixProblems, wordProblems);
  if (options.limit !== undefined && options.limit < embedding.words.length) embedding = takeTopRows(embedding, options.limit);
  return {
    embedding,
    format: 'npy',
    files: [npyFile, vocabulary.file],
    skipped: [...wordProblems.skipped, ...matrixProblems.skipped],
    skippedCount: wordProblems.skippedCount + matrixProblems.skippedCount,
  };
}
