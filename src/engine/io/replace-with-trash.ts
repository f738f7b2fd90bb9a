// The one rule for every place Firth overwrites: it replaces only what it made itself — a run folder
// (it holds the run record, run.json) or an export (its manifest sits beside it) — and never deletes
// the old one: it moves it to the data folder's trash, as deleting a project does. Anything else
// that is in the way is refused, so `--force` cannot remove a user's own files.

import { cpSync, lstatSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { fileErrorReason } from './file-error-reasons';
import { makeFolder } from './make-folder';

/** The file that marks a folder as a Firth run. */
export const RUN_RECORD_FILE = 'run.json';

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function isPlainFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A folder holding a run record: the only kind of folder a training run may replace. */
export function isRunFolder(path: string): boolean {
  return isPlainFolder(path) && isPlainFile(join(path, RUN_RECORD_FILE));
}

/**
 * Fails before any work when `folder` exists and may not be replaced: without `force` anything in
 * the way is refused; with it, only a run folder.
 */
export function checkRunFolderReplaceable(folder: string, force: boolean): void {
  if (!pathExists(folder)) return;
  if (!force) {
    throw new FirthError('already-exists', `${folder} already exists: choose another --out or pass --force to replace it`, { file: folder, field: 'out' });
  }
  if (!isRunFolder(folder)) {
    const what = isPlainFolder(folder) ? `a folder without ${RUN_RECORD_FILE}` : 'not a folder';
    throw new FirthError(
      'already-exists',
      `${folder} exists and is not a Firth run folder (${what}): --force replaces only Firth's own runs, so nothing was changed. Choose another --out, or move it away yourself`,
      { file: folder, field: 'out' },
    );
  }
}

/**
 * Fails when an export would overwrite something that is not an earlier export: `targets` are the
 * files the export writes, `manifestFile` the manifest an earlier export left beside them.
 */
export function checkExportTargetsReplaceable(targets: string[], manifestFile: string, force: boolean): void {
  for (const target of targets) {
    if (!pathExists(target)) continue;
    if (!force) throw new FirthError('already-exists', `${target} already exists: to replace an earlier export (it goes to the trash), export again with --force (in the app: “Replace an earlier export”)`, { file: target });
    if (!isPlainFile(target)) {
      throw new FirthError('already-exists', `${target} exists and is not a file Firth exported: --force replaces only earlier exports, so nothing was changed`, { file: target });
    }
    if (!isPlainFile(manifestFile)) {
      throw new FirthError(
        'already-exists',
        `${target} exists and has no export manifest (${basename(manifestFile)}) beside it, so it is not a file Firth exported: --force replaces only earlier exports, so nothing was changed`,
        { file: target },
      );
    }
  }
}

/** Whether anything is at `path` (a dangling link counts): what is in the way of a write. */
export function pathExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `<trash>/<name>-<time>-<random>`: never the name of anything already in the trash. */
function trashNameFor(trashFolder: string, name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return join(trashFolder, `${name}-${stamp}-${randomBytes(3).toString('hex')}`);
}

/** Moves a file or folder into the trash folder; returns where it went. */
export function moveToTrash(path: string, trashFolder: string, name = basename(path)): string {
  const destination = trashNameFor(trashFolder, name);
  try {
    makeFolder(trashFolder);
    movePath(path, destination);
  } catch (error) {
    if (error instanceof FirthError) throw error;
    throw new FirthError('io', `Cannot move ${path} to the trash (${trashFolder}): ${fileErrorReason(error)}`, { file: path });
  }
  return destination;
}

/** Moves several files into one new folder of the trash (an export's files and its manifest). */
export function moveFilesToTrash(paths: string[], trashFolder: string, name: string): string | undefined {
  const present = paths.filter(pathExists);
  if (present.length === 0) return undefined;
  const destination = trashNameFor(trashFolder, name);
  try {
    makeFolder(destination);
    for (const path of present) movePath(path, join(destination, basename(path)));
  } catch (error) {
    if (error instanceof FirthError) throw error;
    throw new FirthError('io', `Cannot move ${present[0]} to the trash (${trashFolder}): ${fileErrorReason(error)}`, { file: present[0] });
  }
  return destination;
}

/** rename, or on another disk a complete copy first and the removal only after it. */
export function movePath(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true, errorOnExist: true });
    rmSync(from, { recursive: true, force: true });
  }
}
