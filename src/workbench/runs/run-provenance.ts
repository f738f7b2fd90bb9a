import { resolve } from 'node:path';
import type { ExportProvenance } from '../../engine/formats/export-embedding';
import { appVersion } from '../app-version';
import { findRunRecord } from './run-record';

/** What an export's manifest says about where its vectors came from. */
export function exportProvenance(source: string, matrix: string, format: string): ExportProvenance {
  const run = findRunRecord(resolve(source));
  return {
    appVersion,
    matrix: run ? matrix : `${matrix} of ${format} ${source}`,
    normalization: 'none',
    source: resolve(source),
    ...(run
      ? {
          corpusHash: run.corpus.sha256,
          settings: run.settings,
          seed: run.seed,
          model: run.model,
        }
      : {}),
  };
}
