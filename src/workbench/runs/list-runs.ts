import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { FirthError } from '../../shared/errors';
import { join } from 'node:path';
import { RunSummarySchema, ScoreReportSchema, type RunSummary } from '../../shared/runs';
import { readRunRecord, type StoredRunRecord } from './run-record';

const stagingName = /^\.(.+)\.partial-\d+-\d+$/;

/**
 * The runs in a project's runs/ folder. A finished run has run.json; a hidden staging folder with no
 * job writing it means the app stopped mid-run: that run is interrupted, never shown as done.
 */
export function listRuns(runsFolder: string, isWriting: (folder: string) => boolean): RunSummary[] {
  if (!existsSync(runsFolder)) return [];
  if (!statSync(runsFolder).isDirectory()) {
    throw new FirthError('io', `${runsFolder} is not a folder, so the project's runs cannot be kept there: rename or remove it`, { file: runsFolder });
  }
  const runs: RunSummary[] = [];
  for (const entry of readdirSync(runsFolder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const staging = stagingName.exec(entry.name);
    if (staging) {
      const folder = join(runsFolder, staging[1]);
      if (!existsSync(folder)) runs.push({ id: staging[1], folder, status: isWriting(folder) ? 'running' : 'interrupted' });
      continue;
    }
    if (entry.name.startsWith('.')) continue;
    const summary = readRunSummary(join(runsFolder, entry.name), entry.name);
    if (summary) runs.push(summary);
  }
  return runs.sort((a, b) => (b.createdAt ?? b.id).localeCompare(a.createdAt ?? a.id));
}

function readRunSummary(folder: string, id: string): RunSummary | undefined {
  let record: StoredRunRecord;
  try {
    record = readRunRecord(folder);
  } catch {
    // An unreadable or newer record is left out of the list, as a folder that is not a run.
    return undefined;
  }
  const scores = ScoreReportSchema.safeParse(readJson(join(folder, 'scores.json')));
  const parsed = RunSummarySchema.safeParse({
    id,
    folder,
    status: 'done',
    model: record.model,
    createdAt: record.createdAt,
    corpusFile: record.corpus.file,
    settings: record.settings,
    dimensions: record.dimensions,
    vocabularySize: record.vocabularySize,
    durationMs: record.timingsMs?.total,
    backend: record.backend,
    results: record.results,
    ...(scores.success ? { scores: scores.data } : {}),
  });
  return parsed.success ? parsed.data : undefined;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
