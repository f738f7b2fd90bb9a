import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { FirthError } from '../../shared/errors';
import { join } from 'node:path';
import { RunSummarySchema, ScoreReportSchema, type RunSummary } from '../../shared/runs';
import { fileErrorReason } from '../../engine/io/file-error-reasons';
import { isProcessAlive } from '../../engine/io/stale-temporaries';
import { PARTIAL_RECORD_FILE, parseStagingFolderName } from '../../engine/runs/staging-names';
import { hasRunRecord, readRunRecord, runRecordPath, type StoredRunRecord } from './run-record';

/**
 * The runs in a project's runs/ folder (or any folder of run folders). A finished run has run.json;
 * a hidden staging folder whose writer is gone means training stopped mid-run: that run is
 * interrupted. A run folder Firth cannot use is listed as damaged with the reason — never hidden,
 * never shown as done.
 */
export function listRuns(runsFolder: string, isWriting: (folder: string) => boolean): RunSummary[] {
  if (!existsSync(runsFolder)) return [];
  if (!statSync(runsFolder).isDirectory()) {
    throw new FirthError('io', `${runsFolder} is not a folder, so the project's runs cannot be kept there: rename or remove it`, { file: runsFolder });
  }
  const runs: RunSummary[] = [];
  // Several tries of one run can each leave a staging folder: the run is listed once, as its newest try.
  const newestStaging = new Map<string, { name: string; staging: { runName: string; pid: number; startedMs: number } }>();
  for (const entry of readdirSync(runsFolder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const staging = parseStagingFolderName(entry.name);
    if (staging) {
      const known = newestStaging.get(staging.runName);
      if (!known || staging.startedMs > known.staging.startedMs) newestStaging.set(staging.runName, { name: entry.name, staging });
      continue;
    }
    if (entry.name.startsWith('.') || !looksLikeRun(join(runsFolder, entry.name))) continue;
    runs.push(readRunSummary(join(runsFolder, entry.name), entry.name));
  }
  for (const { name, staging } of newestStaging.values()) {
    const folder = join(runsFolder, staging.runName);
    if (existsSync(folder)) continue; // a replacement of a finished run, still being written
    runs.push(stagingSummary(join(runsFolder, name), staging, folder, isWriting(folder)));
  }
  return runs.sort((a, b) => (b.createdAt ?? b.id).localeCompare(a.createdAt ?? a.id));
}

function stagingSummary(stagingFolder: string, staging: { runName: string; pid: number; startedMs: number }, folder: string, writing: boolean): RunSummary {
  const record = readJson(join(stagingFolder, PARTIAL_RECORD_FILE)) as Record<string, unknown> | undefined;
  const running = writing || isProcessAlive(staging.pid);
  const parsed = RunSummarySchema.safeParse({
    id: staging.runName,
    folder,
    status: running ? 'running' : 'interrupted',
    ...(running ? {} : { problem: `Training stopped before the run was finished (process ${staging.pid} is gone)` }),
    model: record?.model,
    createdAt: typeof record?.startedAt === 'string' ? record.startedAt : new Date(staging.startedMs).toISOString(),
    corpusFile: record?.corpusFile,
    settings: record?.settings,
  });
  return parsed.success ? parsed.data : { id: staging.runName, folder, status: running ? 'running' : 'interrupted' };
}

/** A folder with any of a run's files: one without them is not a run at all (a user's own folder). */
function looksLikeRun(folder: string): boolean {
  return ['run.json', 'W.npy', 'vocab.tsv', 'C.npy'].some((name) => existsSync(join(folder, name)));
}

function damaged(folder: string, id: string, problem: string): RunSummary {
  return { id, folder, status: 'damaged', problem };
}

function readRunSummary(folder: string, id: string): RunSummary {
  if (!hasRunRecord(folder)) return damaged(folder, id, 'run.json is missing: this folder is not a finished run');
  let record: StoredRunRecord;
  try {
    record = readRunRecord(folder);
  } catch (error) {
    // The one run.json reader says why (not JSON, newer, not a regular file, a bad field); the list names the file once.
    const message = error instanceof Error ? error.message : String(error);
    const file = runRecordPath(folder);
    return damaged(folder, id, message.startsWith(file) ? `run.json${message.slice(file.length)}` : message);
  }
  const missing = ['W.npy', 'vocab.tsv'].filter((name) => !existsSync(join(folder, name)));
  if (missing.length > 0) return damaged(folder, id, `${missing.join(' and ')} missing: the run's vectors cannot be loaded`);
  const scores = ScoreReportSchema.safeParse(readJson(join(folder, 'scores.json')));
  const parsed = RunSummarySchema.safeParse({
    id,
    folder,
    status: 'done',
    model: record.model,
    createdAt: record.createdAt,
    corpusFile: record.corpus.file,
    // A record from before settings were saved reads as {}: the list shows no settings rather than calling it damaged.
    settings: record.settings.corpus && record.settings.model ? record.settings : undefined,
    dimensions: record.dimensions,
    vocabularySize: record.vocabularySize,
    durationMs: record.timingsMs?.total,
    backend: record.backend,
    results: record.results,
    name: record.name,
    note: record.note,
    ...(scores.success ? { scores: scores.data } : {}),
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return damaged(folder, id, `run.json has an invalid ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'unreadable'}`);
}

function readJsonWithReason(file: string): { value: unknown } | { problem: string } {
  let text: string;
  try {
    // Never a FIFO or a device: reading one would block the lister.
    if (!statSync(file).isFile()) return { problem: 'is not a regular file' };
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problem: `cannot be read (${fileErrorReason(error)})` };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `is not valid JSON (${(error as Error).message})` };
  }
}

function readJson(file: string): unknown {
  const read = readJsonWithReason(file);
  return 'value' in read ? read.value : undefined;
}
