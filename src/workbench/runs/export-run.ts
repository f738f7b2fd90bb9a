import { makeFolder } from '../../engine/io/make-folder';
import { dirname, isAbsolute } from 'node:path';
import { FirthError } from '../../shared/errors';
import type { MethodOutput, MethodParams } from '../../shared/contract';
import { exportEmbedding, loadEmbedding } from '../../engine/formats';
import type { LongWorkOptions } from '../../engine/long-work';
import { exportProvenance } from './run-provenance';

/** Exports a run (or vector file) in one of the formats, with its manifest. */
export async function exportRunFolder(input: MethodParams<'exportRun'>, trashFolder: string, work: LongWorkOptions = {}): Promise<MethodOutput<'exportRun'>> {
  if (!isAbsolute(input.out)) throw new FirthError('invalid-input', `out must be an absolute path (got "${input.out}")`, { field: 'out' });
  const loaded = await loadEmbedding(input.folder, { matrix: input.matrix, signal: work.signal, onProgress: work.onProgress });
  // Like the run folders: an export into <project>/exports/ makes that folder the first time.
  makeFolder(dirname(input.out));
  const result = await exportEmbedding(loaded.embedding, {
    format: input.format,
    out: input.out,
    top: input.top,
    force: input.force,
    trashFolder,
    manifest: exportProvenance(input.folder, input.matrix, loaded.format),
    signal: work.signal,
    onProgress: work.onProgress,
  });
  return { files: result.files.map((file) => ({ path: file.path, sizeBytes: file.sizeBytes })), rows: result.rows, dimensions: result.dimensions };
}
