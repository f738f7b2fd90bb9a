import type { EventPayload } from '@shared/contract';
import { formatDuration, formatQuantity } from '@shared/progress';

export type ProgressEvent = EventPayload<'progress'>;

/** One point of the live loss curve: SGNS's mean loss per pair since the previous report, or a full-matrix step's loss. */
export interface LossPoint {
  words: number;
  loss: number;
}

/** Enough points for a smooth line a few hundred pixels wide, few enough to redraw cheaply. */
export const MAX_LOSS_POINTS = 240;

/**
 * The curve with one more report. Past `maxPoints` neighbours are merged pairwise (mean of both),
 * so a long run keeps its whole shape in a bounded array. Returns a new array (state stays immutable).
 */
export function appendLossPoint(points: readonly LossPoint[], event: ProgressEvent, maxPoints = MAX_LOSS_POINTS): readonly LossPoint[] {
  const loss = event.details?.loss;
  if (loss === undefined || !Number.isFinite(loss)) return points;
  const last = points.at(-1);
  // A full-matrix trainer repeats its last step's loss while the next step runs: one point per value.
  if (last && last.words <= event.done && last.loss === loss) return points;
  // A report behind the curve's end (a step undone and retaken) replaces what lay from there on,
  // instead of drawing the line back over itself.
  const kept = last && last.words > event.done ? points.filter((point) => point.words < event.done) : points;
  const next = [...kept, { words: event.done, loss }];
  if (next.length <= maxPoints) return next;
  const merged: LossPoint[] = [];
  for (let index = 0; index + 1 < next.length; index += 2) {
    merged.push({ words: next[index + 1].words, loss: (next[index].loss + next[index + 1].loss) / 2 });
  }
  if (next.length % 2 === 1) merged.push(next[next.length - 1]);
  return merged;
}

const phaseLabels: Record<string, string> = {
  hash: 'Checking the corpus',
  read: 'Reading the corpus',
  count: 'Counting co-occurrences',
  sort: 'Sorting pairs',
  sppmi: 'Computing SPPMI',
  svd: 'Randomized SVD',
  train: 'Training',
  evaluate: 'Scoring the test sets',
  export: 'Writing the files',
  upload: 'Sending the file',
};

/** What a job's row says about its latest report. */
export interface ProgressSummary {
  stage: string;
  percent: number;
  rate: string | undefined;
  eta: string | undefined;
  epoch: number | undefined;
  /** "epoch 1 of 2" (or "epoch 1" when the total is not reported). */
  epochLabel: string | undefined;
  loss: number | undefined;
}

export function summarizeProgress(event: ProgressEvent): ProgressSummary {
  const percent = event.total > 0 ? Math.min(100, (event.done / event.total) * 100) : 0;
  return {
    stage: phaseLabels[event.phase] ?? event.phase,
    percent,
    rate: event.rate !== undefined && event.rate > 0 ? `${formatQuantity(event.rate)} ${event.unit}/s` : undefined,
    eta: event.etaMs !== undefined ? formatDuration(event.etaMs) : undefined,
    epoch: event.details?.epoch,
    epochLabel: event.details?.epoch !== undefined ? `epoch ${event.details.epoch}${event.details.epochs !== undefined ? ` of ${event.details.epochs}` : ''}` : undefined,
    loss: event.details?.loss,
  };
}

/**
 * The loss chart's domains: x over the words processed so far (a long run's whole extent would
 * squeeze the early, steep part into a few pixels), y over the losses seen; never empty.
 */
export function lossChartDomains(points: readonly LossPoint[]): { x: [number, number]; y: [number, number] } {
  const lastWords = points.length > 0 ? points[points.length - 1].words : 0;
  const x: [number, number] = [0, Math.max(lastWords, 1)];
  if (points.length === 0) return { x, y: [0, 1] };
  let low = Infinity;
  let high = -Infinity;
  for (const point of points) {
    low = Math.min(low, point.loss);
    high = Math.max(high, point.loss);
  }
  const margin = high > low ? (high - low) * 0.05 : Math.max(Math.abs(high) * 0.05, 0.01);
  return { x, y: [Math.max(0, low - margin), high + margin] };
}
