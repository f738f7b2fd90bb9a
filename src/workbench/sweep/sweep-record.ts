import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { SWEEP_RECORD_KIND, SweepSpecSchema, type SweepSpec } from '../../shared/sweep';
import { SweepRunStatusSchema, SweepStateSchema } from '../../shared/sweep-results';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { fileSystemError } from '../../engine/io/file-errors';
import { isProcessAlive } from '../../engine/io/stale-temporaries';
import { readVersionedJson } from '../../engine/formats/versioned-json';

// sweep.json, in the sweep folder: the sweep's spec (so the folder can be run again or resumed),
// the corpus it trains on (hash, size, modification time), the plan, and every run with its
// folder and status. It is rewritten (temporary file, then rename) after every run, so a sweep
// killed at any moment resumes from it; results.csv beside it is the table so far.

export const SWEEP_RECORD_VERSION = 1;
export const SWEEP_RECORD_FILE = 'sweep.json';
export const RESULTS_FILE = 'results.csv';

export const SweepRunEntrySchema = z.object({
  index: z.number().int().nonnegative(),
  model: z.string(),
  point: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  /** The run folder, relative to the sweep folder (or absolute). */
  folder: z.string().min(1),
  status: SweepRunStatusSchema,
  durationMs: z.number().optional(),
  error: z.string().optional(),
});
export type SweepRunEntry = z.infer<typeof SweepRunEntrySchema>;

export const SweepRecordSchema = z.looseObject({
  schemaVersion: z.number().int(),
  kind: z.literal(SWEEP_RECORD_KIND),
  id: z.string().min(1),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: SweepStateSchema,
  /** The process running it while state is running: a dead one means the sweep was interrupted. */
  pid: z.number().int().optional(),
  problem: z.string().optional(),
  spec: SweepSpecSchema,
  corpus: z.object({ file: z.string(), sha256: z.string(), sizeBytes: z.number(), modifiedMs: z.number() }),
  plan: z.object({ summary: z.string(), runs: z.number(), counts: z.number(), factorisations: z.number(), separateRuns: z.number() }),
  runs: z.array(SweepRunEntrySchema),
});
export type SweepRecord = z.output<typeof SweepRecordSchema>;
export type { SweepSpec };

export const sweepRecordPath = (folder: string) => join(folder, SWEEP_RECORD_FILE);

/**
 * Runs the user cancelled one by one while the sweep runs (the service writes it, the sweep's
 * thread reads it before each group and each run): a file, so no message has to reach the thread.
 */
export const CANCELLED_RUNS_FILE = 'cancelled-runs.json';

export function readCancelledRuns(folder: string): Set<number> {
  try {
    const parsed = z.object({ runs: z.array(z.number().int()) }).safeParse(JSON.parse(readFileSync(join(folder, CANCELLED_RUNS_FILE), 'utf8')));
    return new Set(parsed.success ? parsed.data.runs : []);
  } catch {
    return new Set(); // none cancelled (or a damaged file: nothing is skipped)
  }
}

export function writeCancelledRuns(folder: string, runs: ReadonlySet<number>): void {
  const file = join(folder, CANCELLED_RUNS_FILE);
  if (runs.size === 0) {
    rmSync(file, { force: true });
    return;
  }
  try {
    writeFileAtomic(file, `${JSON.stringify({ runs: [...runs].sort((a, b) => a - b) })}\n`);
  } catch (error) {
    throw fileSystemError(error, 'write', file);
  }
}

export function hasSweepRecord(folder: string): boolean {
  return existsSync(sweepRecordPath(folder));
}

export function readSweepRecord(folder: string): SweepRecord {
  return readVersionedJson(sweepRecordPath(folder), SweepRecordSchema, { name: 'sweep', version: SWEEP_RECORD_VERSION });
}

export function writeSweepRecord(folder: string, record: SweepRecord): void {
  const file = sweepRecordPath(folder);
  try {
    writeFileAtomic(file, `${JSON.stringify({ ...record, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  } catch (error) {
    throw fileSystemError(error, 'write', file);
  }
}

/** A run's folder, absolute. */
export function runFolderOf(sweepFolder: string, entry: Pick<SweepRunEntry, 'folder'>): string {
  return isAbsolute(entry.folder) ? entry.folder : resolve(sweepFolder, entry.folder);
}

/** The sweep's state as a reader sees it: "running" whose process is gone reads as interrupted. */
export function effectiveState(record: SweepRecord, runningHere: boolean): SweepRecord['state'] {
  if (record.state !== 'running' || runningHere) return record.state;
  return record.pid !== undefined && record.pid !== process.pid && isProcessAlive(record.pid) ? 'running' : 'interrupted';
}
