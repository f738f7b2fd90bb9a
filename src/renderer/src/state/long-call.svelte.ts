import type { FirthClient } from '@shared/contract';
import { FirthError } from '@shared/errors';
import { summarizeProgress, type ProgressSummary } from '../runs/job-progress';

// A long call of the service (a comparison, a corpus import, an evaluation, an export, an evidence
// index) carries an id of the page's making: the service's `progress` events carry it back, and
// cancelJob(jobId) stops the call, which then fails with the code 'cancelled'.

/** A long call in flight: what it reports, and how to stop it. */
export interface LongCall {
  jobId: string;
  label: string;
  progress: ProgressSummary | null;
}

let nextJobId = 1;
const newJobId = (what: string) => `${what}-${Date.now().toString(36)}-${nextJobId++}`;

/** The error a cancelled call fails with. */
export const isCancelled = (error: unknown): boolean => error instanceof FirthError && error.code === 'cancelled';

/**
 * Makes `call(jobId)` with its progress shown: `show` gets the call while it runs (its `progress`
 * updated by every report) and null once it settled. Resolves or rejects as the call does.
 */
export async function withProgress<T>(client: FirthClient, label: string, what: string, call: (jobId: string) => Promise<T>, show: (call: LongCall | null) => void): Promise<T> {
  const jobId = newJobId(what);
  const entry = $state<LongCall>({ jobId, label, progress: null });
  show(entry);
  const stop = client.on('progress', (event) => {
    if (event.jobId === jobId) entry.progress = summarizeProgress(event);
  });
  try {
    return await call(jobId);
  } finally {
    stop();
    show(null);
  }
}

/** Asks the service to stop a long call; its own promise then fails as cancelled. */
export async function cancelLongCall(client: FirthClient, call: LongCall | null, report: (error: unknown) => void): Promise<void> {
  if (!call) return;
  try {
    await client.cancelJob({ jobId: call.jobId });
  } catch (error) {
    report(error);
  }
}
