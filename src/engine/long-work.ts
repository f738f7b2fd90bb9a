// What every long engine stage shares: an AbortSignal to stop it, a progress callback to watch it,
// and a way to hand the event loop back often enough that an abort sent from another message can
// arrive. The stages (read, count, transform) are synchronous loops over typed arrays; they call
// `pause()` between slices of work, which yields only when ~50 ms have passed since the last yield.

import { FirthError } from '../shared/errors';
import type { Progress } from '../shared/progress';

/** Reports say how far a phase is (`done` of `total` in `unit`: bytes, tokens, rows); rate and time
 * left are the watcher's to estimate (ProgressEstimator in src/shared/progress.ts). */
export type ProgressListener = (progress: Progress) => void;

export interface LongWorkOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/** Reports are throttled to this interval so a listener that posts messages is not flooded. */
const reportIntervalMs = 200;
/** Longest stretch of synchronous work between two yields to the event loop. */
const yieldIntervalMs = 50;

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FirthError('cancelled', 'Cancelled');
}

/** The error a stage throws when it is cancelled: code 'cancelled', so callers can tell it apart. */
export function isCancellation(error: unknown): boolean {
  return error instanceof FirthError && error.code === 'cancelled';
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface PhaseTracker {
  /** Records progress, reports it if 0.2 s have passed, and throws if cancelled. */
  update(done: number): void;
  /** Same as `update`, then yields to the event loop if 50 ms of work have passed. */
  pause(done: number): Promise<void>;
  /** Reports `done = total` (always sent, not throttled). */
  finish(): void;
}

/**
 * Tracks one phase of a long stage. The first report is sent at once (so a watcher sees the phase
 * start), later ones at most every 0.2 s, the last one by `finish`.
 */
export function trackPhase(phase: string, total: number, unit: string, work: LongWorkOptions = {}): PhaseTracker {
  const { signal, onProgress } = work;
  throwIfCancelled(signal);
  let lastReportMs = -Infinity;
  let lastYieldMs = performance.now();
  let latest = 0;

  const report = (done: number, nowMs: number): void => {
    lastReportMs = nowMs;
    onProgress?.({ phase, done, total, unit });
  };

  const update = (done: number): void => {
    throwIfCancelled(signal);
    latest = done;
    const nowMs = performance.now();
    if (nowMs - lastReportMs >= reportIntervalMs) report(done, nowMs);
  };

  report(0, performance.now());
  return {
    update,
    async pause(done: number): Promise<void> {
      update(done);
      const nowMs = performance.now();
      if (nowMs - lastYieldMs < yieldIntervalMs) return;
      await nextMacrotask();
      lastYieldMs = performance.now();
      throwIfCancelled(signal);
    },
    finish(): void {
      throwIfCancelled(signal);
      report(Math.max(latest, total), performance.now());
    },
  };
}
