import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseStagingFolderName, PARTIAL_RECORD_FILE } from '../runs/staging-names';

// What a process killed mid-write (kill -9, power loss) leaves behind: temporary files of atomic
// writes and exports, uploads cut off, and the staging folders of runs. The next start removes the
// files, and empties a dead run's staging folder down to its small record, so the run still shows
// as interrupted (and can be deleted) without holding hundreds of megabytes.

const temporaryFile = /^\.(.+)\.(\d+)\.(\d+)\.((?:[0-9a-f]+\.)?(?:tmp|upload))$/;

/** Whether a process with this id is alive (a process we may not signal is alive too). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Tidies one folder's direct entries; returns how many things it removed. Never throws. */
export function removeStaleTemporaries(folder: string): number {
  let removed = 0;
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.name.startsWith('.')) continue;
    try {
      const staging = entry.isDirectory() ? parseStagingFolderName(entry.name) : undefined;
      if (staging && !isProcessAlive(staging.pid)) {
        for (const inside of readdirSync(join(folder, entry.name))) {
          if (inside === PARTIAL_RECORD_FILE) continue;
          rmSync(join(folder, entry.name, inside), { recursive: true, force: true });
          removed++;
        }
        continue;
      }
      // A temporary folder (a corpus-cache entry being written) goes the same way as a file.
      const temporary = entry.isFile() || entry.isDirectory() ? temporaryFile.exec(entry.name) : null;
      if (temporary && !isProcessAlive(Number(temporary[2]))) {
        rmSync(join(folder, entry.name), { recursive: true, force: true });
        removed++;
      }
    } catch {
      // best effort: a file another process removed meanwhile, or one we may not touch
    }
  }
  return removed;
}
