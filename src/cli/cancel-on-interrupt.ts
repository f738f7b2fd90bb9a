import { removeTrackedTemporaries } from '../engine/io/tracked-temporaries';

// SIGINT (Ctrl+C) and SIGTERM end every command within a second, whatever it is doing. Work that
// can be cancelled (training) is asked to stop through its AbortSignal and gets a short grace period
// to tidy up; if it has not ended by then — a read blocked in the file system, a kernel mid-call —
// the process removes its temporary files and exits. Exit status 130 for SIGINT, 143 for SIGTERM.

/** Cancelled work has this long to finish before the process exits anyway. */
const graceMs = 700;

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

let received: NodeJS.Signals | undefined;
let active: { controller: AbortController; stopsNormally: boolean } | undefined;
let installed = false;

/** The exit status the command must end with because a signal interrupted it, or undefined. */
export function interruptExitCode(): number | undefined {
  return received === undefined ? undefined : exitCodes[received];
}

function exitNow(): never {
  removeTrackedTemporaries();
  process.exit(interruptExitCode() ?? 0);
}

/** Once per process, before any command runs. */
export function installInterruptHandling(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (active && !active.controller.signal.aborted) {
      if (!active.stopsNormally) {
        received = signal;
        process.stderr.write('\nCancelling… (Ctrl+C again to quit at once)\n');
      }
      active.controller.abort();
      setTimeout(exitNow, graceMs);
      return;
    }
    received ??= signal;
    exitNow();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * An AbortSignal that the next SIGINT or SIGTERM aborts. `stopsNormally`: the signal is how the
 * command is meant to end (serve), so it exits 0 and prints nothing.
 */
export function cancelOnInterrupt(options: { stopsNormally?: boolean } = {}): { signal: AbortSignal; dispose(): void } {
  installInterruptHandling();
  const current = { controller: new AbortController(), stopsNormally: options.stopsNormally ?? false };
  active = current;
  return {
    signal: current.controller.signal,
    dispose: () => {
      if (active === current) active = undefined;
    },
  };
}
