import { z } from 'zod';
import type { BackendInfo } from '../../shared/compute';
import type { CorpusStatistics } from '../../engine/corpus/prepare-corpus';
import { appVersion } from '../app-version';

export const RUN_SCHEMA_VERSION = 1;

/** What run.json records: enough to know how the vectors were made and to make them again. */
export interface RunRecord {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  model: 'sppmi-svd' | 'sgns';
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

export const RunRecordHeaderSchema = z.object({ schemaVersion: z.number(), model: z.string(), status: z.string() });
