import { rmSync } from 'node:fs';

// Temporary files and staging folders this process is writing right now. A command that must end at
// once (a second Ctrl+C, a cancel that does not finish in time) removes them on its way out; what a
// kill -9 leaves behind is removed by the next start (see remove-stale-temporaries.ts).

const tracked = new Set<string>();

export function trackTemporary(path: string): void {
  tracked.add(path);
}

export function untrackTemporary(path: string): void {
  tracked.delete(path);
}

/** Removes every tracked path, synchronously (it runs just before process.exit). */
export function removeTrackedTemporaries(): void {
  for (const path of tracked) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // best effort: the next start removes what is left
    }
  }
  tracked.clear();
}
