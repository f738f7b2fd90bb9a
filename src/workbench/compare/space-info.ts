import { basename } from 'node:path';
import type { SpaceInfo } from '../../shared/compare';
import type { Embedding, MatrixChoice } from '../../engine/formats/embedding';
import { findRunRecord } from '../runs/run-record';

/** The model a run folder's run.json names; undefined for a vector file or an unreadable record. */
function recordedModel(folder: string): string | undefined {
  try {
    return findRunRecord(folder)?.model;
  } catch {
    return undefined;
  }
}

/** How the Compare views name a space: "sgns-w5 · sgns (W)", or a vector file's name. */
export function describeSpace(folder: string, matrix: MatrixChoice, embedding: Embedding): SpaceInfo {
  const model = recordedModel(folder);
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
