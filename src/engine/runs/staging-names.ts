import { randomBytes } from 'node:crypto';

// The hidden names a run is written under before it is renamed into place. The writer and the run
// lister (which shows a staging folder with no live writer as an interrupted run) share them here,
// so the two can never disagree about what a staging folder looks like.

/** The small record a staging folder holds from the start: what the run is, so an interrupted one can be listed. */
export const PARTIAL_RECORD_FILE = 'run.partial.json';

const stagingPattern = /^\.(.+)\.partial-(\d+)-(\d+)-([0-9a-f]+)$/;

/** `.<run>.partial-<pid>-<ms>-<random>`: unique across processes and the threads of one. */
export function stagingFolderName(runName: string): string {
  return `.${runName}.partial-${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;
}

/** The run name and writer's pid of a staging folder's name, or undefined for any other name. */
export function parseStagingFolderName(name: string): { runName: string; pid: number; startedMs: number } | undefined {
  const match = stagingPattern.exec(name);
  return match ? { runName: match[1], pid: Number(match[2]), startedMs: Number(match[3]) } : undefined;
}
