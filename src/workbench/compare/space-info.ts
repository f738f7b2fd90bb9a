import { basename } from 'node:path';
import type { SpaceInfo } from '../../shared/compare';
import type { Embedding, MatrixChoice } from '../../engine/formats/embedding';
import { findRunRecord } from '../runs/run-record';

/** The model and the analyst's name a run folder's run.json holds; nothing for a vector file or an unreadable record. */
function recordedLabel(folder: string): { model?: string; name?: string } {
  try {
    const record = findRunRecord(folder);
    return { model: record?.model, name: record?.name };
  } catch {
    return {};
  }
}

/** How the Compare and Explore views name a space: "sgns-w5 · sgns (W)" (the run's own name when it has one), or a vector file's name. */
export function describeSpace(folder: string, matrix: MatrixChoice, embedding: Embedding): SpaceInfo {
  const recorded = recordedLabel(folder);
  const model = recorded.model;
  const name = recorded.name ?? basename(folder);
  return {
    label: model ? `${name} · ${model} (${matrix.toUpperCase()})` : name,
    folder,
    matrix,
    ...(model ? { model } : {}),
    vocabularySize: embedding.words.length,
    dimensions: embedding.dimensions,
  };
}
