import type { BackendInfo } from '../../shared/compute';
import type { CorpusStatistics } from '../../engine/corpus/prepare-corpus';
import { appVersion } from '../app-version';
import { RUN_SCHEMA_VERSION } from '../../engine/formats/run-record';

// run.json, the record of a finished run: the one place that writes it (runRecord()). Every reader
// goes through the engine's readRunRecord() (engine/formats/run-record.ts), re-exported below.

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

// Reading run.json (schema, version check, named errors) lives in the engine, which reads it too.
export {
  findRunRecord,
  hasRunRecord,
  readRunRecord,
  RUN_RECORD_FILE_NAME,
  RUN_SCHEMA_VERSION,
  runRecordPath,
  StoredRunRecordSchema,
  type StoredRunRecord,
} from '../../engine/formats/run-record';
