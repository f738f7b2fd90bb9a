import { resolve } from 'node:path';
import { loadEmbedding, type ImportResult } from '../engine/formats';
import type { LongWorkOptions } from '../engine/long-work';
import { UserError } from './user-error';

export type MatrixChoice = 'w' | 'c' | 'w+c';

/** The --matrix flag; absent, a run folder's own default (W, or W + C for GloVe) and W for files. */
export function parseMatrix(value: string | undefined): MatrixChoice | undefined {
  if (value === undefined) return undefined;
  if (value === 'w' || value === 'c' || value === 'w+c') return value;
  throw new UserError(`--matrix must be w, c or w+c (got "${value}")`);
}

/** A run folder or a vector file, loaded, with skipped records reported on stderr. */
export async function loadSource(path: string, matrix: MatrixChoice | undefined, skipInvalid: boolean, work: LongWorkOptions = {}): Promise<ImportResult> {
  const result = await loadEmbedding(resolve(path), { matrix, skipInvalid, signal: work.signal, onProgress: work.onProgress });
  if (result.skippedCount > 0) {
    process.stderr.write(`Skipped ${result.skippedCount} invalid record(s) of ${path}:\n`);
    for (const problem of result.skipped.slice(0, 10)) {
      process.stderr.write(`  ${problem.file}${problem.line ? ` line ${problem.line}` : ''}: ${problem.reason}\n`);
    }
  }
  return result;
}
