import { existsSync, readFileSync } from 'node:fs';
import { checkRegularFile } from '../../engine/io/regular-file';
import { join, resolve } from 'node:path';
import type { ExportProvenance } from '../../engine/formats/export-embedding';
import { appVersion } from '../app-version';

/** run.json of a run folder; undefined for plain vector files. */
export function readRunJson(path: string): Record<string, unknown> | undefined {
  const file = join(resolve(path), 'run.json');
  if (!existsSync(file)) return undefined;
  try {
    checkRegularFile(file, 'a run record');
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** What an export's manifest says about where its vectors came from. */
export function exportProvenance(source: string, matrix: string, format: string): ExportProvenance {
  const run = readRunJson(source);
  return {
    appVersion,
    matrix: run ? matrix : `${matrix} of ${format} ${source}`,
    normalization: 'none',
    source: resolve(source),
    ...(run
      ? {
          corpusHash: (run.corpus as { sha256?: string } | undefined)?.sha256,
          settings: run.settings as Record<string, unknown>,
          seed: run.seed as number,
          model: run.model,
        }
      : {}),
  };
}
