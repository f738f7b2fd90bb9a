import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileSystemError } from '../../engine/io/file-errors';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { writeFileAtomic } from '../../engine/io/atomic-write';

export const LOCK_FILE_NAME = '.firth.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * One Firth process at a time per project: a lock file in the project folder names the process
 * that opened it. A lock left by a process that is gone (same machine, pid not running) is taken
 * over; a live one, or one from another machine, is refused with who holds it.
 */
export class ProjectLocks {
  private readonly held = new Set<string>();
  private readonly owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };

  acquire(folder: string): void {
    if (this.held.has(folder)) return;
    const file = join(folder, LOCK_FILE_NAME);
    const holder = readOwner(file);
    if (holder && !(holder.host === this.owner.host && (holder.pid === this.owner.pid || !isRunning(holder.pid)))) {
      throw new FirthError(
        'locked',
        `This project is open in another Firth (process ${holder.pid} on ${holder.host}, since ${holder.since}). Close it there first; if that Firth is gone, delete ${file}.`,
        { file },
      );
    }
    try {
      writeFileAtomic(file, `${JSON.stringify(this.owner)}\n`);
    } catch (error) {
      throw fileSystemError(error, 'write the project lock', file);
    }
    this.held.add(folder);
  }

  release(folder: string): void {
    if (!this.held.delete(folder)) return;
    rmSync(join(folder, LOCK_FILE_NAME), { force: true });
  }

  releaseAll(): void {
    for (const folder of [...this.held]) this.release(folder);
  }
}

function readOwner(file: string): LockOwner | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined; // an unreadable lock protects nothing
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
