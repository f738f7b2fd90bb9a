import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FirthError } from '../../shared/errors';
import { readVersionedJson } from './versioned-json';

// Reading run.json, the record of a finished run. Every reader — the run list, the theorem view,
// export, MF-SGNS's warm start, a run folder's default matrix — goes through readRunRecord(), which
// checks schemaVersion like project.json: an older record opens, a newer one is an error naming the
// file, and so is a record that is not JSON or lacks a field a reader needs. The workbench writes it.

export const RUN_SCHEMA_VERSION = 1;
export const RUN_RECORD_FILE_NAME = 'run.json';

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
