import { existsSync, readFileSync } from 'node:fs';
import { checkRegularFile } from '../../engine/io/regular-file';
import { basename, join } from 'node:path';
import type { SpaceInfo } from '../../shared/compare';
import type { Embedding, MatrixChoice } from '../../engine/formats/embedding';

/** The model a run folder's run.json names; undefined for a vector file or an unreadable record. */
function runModel(folder: string): string | undefined {
  const record = join(folder, 'run.json');
  if (!existsSync(record)) return undefined;
  try {
    checkRegularFile(record, 'a run record');
    const model = (JSON.parse(readFileSync(record, 'utf8')) as { model?: unknown }).model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

/** How the Compare views name a space: "sgns-w5 · sgns (W)", or a vector file's name. */
export function describeSpace(folder: string, matrix: MatrixChoice, embedding: Embedding): SpaceInfo {
  const model = runModel(folder);
  const name = basename(folder);
  return {
    label: model ? `${name} · ${model} (${matrix.toUpperCase()})` : name,
    folder,
    matrix,
    ...(model ? { model } : {}),
    vocabularySize: embedding.words.length,
    dimensions: embedding.dimensions,
  };
}
