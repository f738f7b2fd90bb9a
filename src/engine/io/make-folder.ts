import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FirthError } from '../../shared/errors';
import { fileErrorReason } from './file-error-reasons';

/** A folder that vanishes while its child is made (another process tidying) is retried this often. */
const attemptsPerFolder = 3;

/**
 * `mkdir -p` that always ends: Node's recursive mkdirSync loops forever where mkdir keeps answering
 * ENOENT for a parent that exists (pseudo file systems such as /proc and /sys). Each missing folder
 * is made in turn, a bounded number of times, and a failure names the folder and why. Returns the
 * first folder it created, like mkdirSync's recursive mode, or undefined when all existed.
 */
export function makeFolder(folder: string): string | undefined {
  const missing: string[] = [];
  for (let current = resolve(folder); ; current = dirname(current)) {
    if (isFolder(current, folder)) break;
    missing.push(current);
    if (dirname(current) === current) break;
  }
  missing.reverse();
  for (const path of missing) createOne(path, folder);
  return missing[0];
}

/** Whether `path` is a folder; false when it does not exist; a file in the way is an error. */
function isFolder(path: string, requested: string): boolean {
  try {
    if (statSync(path).isDirectory()) return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw cannotCreate(requested, fileErrorReason(error));
  }
  throw cannotCreate(requested, `${path} is a file, not a folder`);
}

function createOne(path: string, requested: string): void {
  let last: unknown;
  for (let attempt = 0; attempt < attemptsPerFolder; attempt++) {
    try {
      mkdirSync(path);
      return;
    } catch (error) {
      last = error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && isFolder(path, requested)) return;
      if (code !== 'ENOENT') break;
    }
  }
  const code = (last as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'ENOENT' ? `the file system at ${dirname(path)} does not allow new folders` : fileErrorReason(last);
  throw cannotCreate(requested, reason);
}

function cannotCreate(folder: string, reason: string): FirthError {
  return new FirthError('io', `Cannot create the folder ${folder}: ${reason}`, { file: folder });
}
