import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { addMatrices, type MatrixChoice } from './embedding';
import { ImportProblems } from './import-problems';
import type { ImportOptions, ImportResult } from './import-types';
import { readNpyMatrix, type NpyMatrix } from './npy';
import { joinWordsToRows } from './npy-bundle';
import { readWordList } from './vocabulary-files';
import { hasRunRecord, readRunRecord } from './run-record';

// A Firth run folder, as the trainers write it: run.json, vocab.tsv (word<TAB>count, most frequent
// first), W.npy and C.npy (float32 V×d), and WC.npy (W + C) when the run was asked to save it.
// vocab.tsv and the matrices are read here; run.json through readRunRecord (engine/formats/run-record.ts).

export function isRunFolder(folder: string): boolean {
  return existsSync(join(folder, 'vocab.tsv')) && (existsSync(join(folder, 'W.npy')) || existsSync(join(folder, 'C.npy')));
}

/**
 * The matrix a run's users read when they do not say: W, or W + C for a model whose run.json says so
 * (`results.defaultMatrix`, GloVe's). A folder without run.json reads W; a run.json that is broken or
 * from a newer Firth is an error naming the file, as everywhere run.json is read.
 */
export function runDefaultMatrix(folder: string): MatrixChoice {
  if (!hasRunRecord(folder)) return 'w';
  const choice = readRunRecord(folder).results?.defaultMatrix;
  return choice === 'w+c' || choice === 'c' ? choice : 'w';
}

const matrixFiles: Record<MatrixChoice, string[]> = { w: ['W.npy'], c: ['C.npy'], 'w+c': ['W.npy', 'C.npy'] };

/** The chosen matrix of a run folder (W, C or W + C) with the run's words and counts. */
export async function readRunFolder(folder: string, matrix: MatrixChoice, options: ImportOptions = {}): Promise<ImportResult> {
  const names = matrix === 'w+c' && existsSync(join(folder, 'WC.npy')) ? ['WC.npy'] : matrixFiles[matrix];
  for (const name of names) {
    if (!existsSync(join(folder, name))) {
      throw new FirthError('not-found', `${join(folder, name)} does not exist: this run has no ${name.slice(0, 1)} matrix`, {
        file: join(folder, name),
      });
    }
  }
  const vocabularyFile = join(folder, 'vocab.tsv');
  const skipInvalid = options.skipInvalid ?? false;
  const wordProblems = new ImportProblems(vocabularyFile, skipInvalid);
  const list = await readWordList(vocabularyFile, wordProblems, { withCounts: true, encoding: options.encoding, signal: options.signal });
  const matrices: NpyMatrix[] = [];
  for (const name of names) matrices.push(await readNpyMatrix(join(folder, name)));
  const [first, second] = matrices;
  if (second && (second.rows !== first.rows || second.columns !== first.columns)) {
    throw new FirthError('corrupt-file', `${join(folder, 'C.npy')} is ${second.rows}×${second.columns} but W.npy is ${first.rows}×${first.columns}`, {
      file: join(folder, 'C.npy'),
    });
  }
  const values = second ? addMatrices(first.values, second.values) : first.values;
  const matrixProblems = new ImportProblems(join(folder, names.join('+')), skipInvalid);
  const embedding = joinWordsToRows(list, values, first.rows, first.columns, matrixProblems, wordProblems);
  return {
    embedding,
    format: 'run',
    files: [vocabularyFile, ...names.map((name) => join(folder, name))],
    skipped: [...wordProblems.skipped, ...matrixProblems.skipped],
    skippedCount: wordProblems.skippedCount + matrixProblems.skippedCount,
  };
}
