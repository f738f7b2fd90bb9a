import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FirthError } from '../../shared/errors';
import type { RunLabel } from '../../shared/runs';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { listRuns } from './list-runs';
import { readRunRecord, runRecordPath } from './run-record';

/** What to change: a field left out stays; an empty text removes it. */
export interface RunLabelChange {
  name?: string;
  note?: string;
}

/**
 * Sets a finished run's name and note in its run.json. The record is checked by the one run.json
 * reader first (a newer or damaged record is refused, naming the file), then rewritten with every
 * other field as it was — unknown ones included — through a temporary file and a rename, so a reader
 * never sees half a record. The folder, and so the run's id, stays.
 */
export function annotateRunFolder(folder: string, change: RunLabelChange): RunLabel {
  readRunRecord(folder);
  const file = runRecordPath(folder);
  // The raw record, not the parsed one: the schema's defaults must not be written back into it.
  const record = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  for (const field of ['name', 'note'] as const) {
    const value = change[field]?.trim();
    if (value === undefined) continue;
    if (value === '') delete record[field];
    else record[field] = value;
  }
  writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
  return labelOf(folder, record);
}

/** annotateRunFolder for a run of a runs folder, by id: only a finished run has a record to write. */
export function annotateRun(runsFolder: string, runId: string, change: RunLabelChange, isWriting: (folder: string) => boolean): RunLabel {
  const run = listRuns(runsFolder, isWriting).find((candidate) => candidate.id === runId);
  if (!run) throw new FirthError('not-found', `No run named ${runId} in ${runsFolder}: it may have been deleted or moved`, { field: 'runId' });
  if (run.status !== 'done') {
    const why = run.status === 'running' ? 'it is still training' : run.status === 'interrupted' ? 'its training did not finish' : `it is damaged (${run.problem ?? 'unreadable'})`;
    throw new FirthError('invalid-input', `Run ${runId} cannot be renamed or annotated: ${why}`, { field: 'runId' });
  }
  return annotateRunFolder(run.folder, change);
}

function labelOf(folder: string, record: Record<string, unknown>): RunLabel {
  return {
    runId: basename(folder),
    folder,
    ...(typeof record.name === 'string' ? { name: record.name } : {}),
    ...(typeof record.note === 'string' ? { note: record.note } : {}),
  };
}
