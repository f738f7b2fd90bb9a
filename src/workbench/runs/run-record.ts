import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { BackendInfo } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import type { CorpusStatistics } from '../../engine/corpus/prepare-corpus';
import { appVersion } from '../app-version';
import { readVersionedJson } from '../versioned-json';

// run.json, the record of a finished run: the one place that writes and reads it. The trainers make
// it with runRecord(); every reader (run list, theorem view, export manifests, Compare labels) goes
// through readRunRecord(), which checks schemaVersion like project.json: an older record opens, a
// newer one is an error naming the file.

export const RUN_SCHEMA_VERSION = 1;
export const RUN_RECORD_FILE_NAME = 'run.json';

/** What run.json records: enough to know how the vectors were made and to make them again. */
export interface RunRecord {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  model: string;
  status: 'done';
  createdAt: string;
  corpus: Omit<CorpusStatistics, 'file'> & { file: string };
  settings: { corpus: Record<string, unknown>; model: Record<string, unknown> };
  seed: number;
  vocabularySize: number;
  dimensions: number;
  backend: Pick<BackendInfo, 'name' | 'adapter'>;
  versions: { firth: string; node: string; v8: string };
  timingsMs: Record<string, number>;
  peakRssBytes: number;
  /** Model-specific figures: non-zeros, singular values, words/s, final loss… */
  results: Record<string, unknown>;
  /** A run made by a sweep: the sweep's id and folder, and the run's place in its grid. Absent for other runs. */
  sweep?: SweepMembership;
  /** The analyst's name for the run (the folder keeps its id); absent until renamed. */
  name?: string;
  /** The analyst's note on the run; absent until written. */
  note?: string;
}

/** Where a run sits in a sweep (run.json's `sweep`). */
export interface SweepMembership {
  id: string;
  /** The sweep folder (holds sweep.json and results.csv). */
  folder: string;
  /** 0-based place in the sweep. */
  index: number;
  /** The varied settings' values at this run. */
  point: Record<string, string | number | boolean>;
}

export function runRecord(fields: Omit<RunRecord, 'schemaVersion' | 'status' | 'createdAt' | 'versions' | 'peakRssBytes'>): RunRecord {
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    status: 'done',
    createdAt: new Date().toISOString(),
    ...fields,
    versions: { firth: appVersion, node: process.versions.node, v8: process.versions.v8 },
    // maxRSS is in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** run.json's text, as the run folder stores it. */
export function formatRunRecord(record: RunRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * run.json as read back. Only what a reader cannot do without is required (the model and the corpus
 * file); records from before a field existed still open, and fields added later are kept.
 */
export const StoredRunRecordSchema = z.looseObject({
  schemaVersion: z.number().int().optional(),
  model: z.string().min(1),
  status: z.string().optional(),
  createdAt: z.string().optional(),
  corpus: z.looseObject({ file: z.string().min(1), sha256: z.string().optional() }),
  settings: z.object({ corpus: z.record(z.string(), z.unknown()).optional(), model: z.record(z.string(), z.unknown()).optional() }).default({}),
  seed: z.number().optional(),
  vocabularySize: z.number().optional(),
  dimensions: z.number().optional(),
  backend: z.object({ name: z.string(), adapter: z.string() }).optional(),
  timingsMs: z.record(z.string(), z.number()).optional(),
  results: z.record(z.string(), z.unknown()).optional(),
  sweep: z
    .object({ id: z.string(), folder: z.string(), index: z.number().int().nonnegative(), point: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])) })
    .optional(),
  // Added without a version bump: older records have neither, and an older Firth keeps them as unknown fields.
  name: z.string().optional(),
  note: z.string().optional(),
});
export type StoredRunRecord = z.output<typeof StoredRunRecordSchema>;

export function runRecordPath(folder: string): string {
  return join(folder, RUN_RECORD_FILE_NAME);
}

/** Whether a folder holds a finished run (its run.json exists). */
export function hasRunRecord(folder: string): boolean {
  return existsSync(runRecordPath(folder));
}

/** A run folder's run.json; every failure (missing, not JSON, newer, a bad field) names the file. */
export function readRunRecord(folder: string): StoredRunRecord {
  const file = runRecordPath(folder);
  if (!existsSync(file)) {
    throw new FirthError('not-found', `${file} does not exist: ${folder} is not a Firth run folder (or its training did not finish)`, { file });
  }
  return readVersionedJson(file, StoredRunRecordSchema, { name: 'run', version: RUN_SCHEMA_VERSION });
}

/** run.json when `path` is a run folder; undefined for a vector file or a folder without one. */
export function findRunRecord(path: string): StoredRunRecord | undefined {
  return hasRunRecord(path) ? readRunRecord(path) : undefined;
}
