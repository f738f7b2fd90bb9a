import { formatDuration, formatQuantity, ProgressEstimator, type Progress } from '../shared/progress';

/**
 * Renders engine progress on stderr: one line redrawn in place on a terminal (like fastText's),
 * or a plain line every few seconds when stderr is a file or pipe, so logs stay readable.
 */
export function createProgressLine(stream: NodeJS.WriteStream = process.stderr): { report(progress: Progress): void; finish(): void } {
  const estimator = new ProgressEstimator();
  const interactive = Boolean(stream.isTTY);
  let lastPhase = '';
  let lastWriteMs = Date.now();
  let lastLine = '';

  const describe = (progress: Progress): string => {
    const { fraction, rate, etaMs } = estimator.update(progress, Date.now());
    const parts = [`${progress.phase.padEnd(9)} ${(fraction * 100).toFixed(1).padStart(5)}%`];
    if (rate > 0) parts.push(`${formatQuantity(rate)} ${progress.unit}/s`);
    const details = { ...(progress.details ?? {}) };
    // "epoch 1 of 2": the total belongs with the epoch, not as a figure of its own.
    if (details.epoch !== undefined && details.epochs !== undefined) {
      parts.push(`epoch ${details.epoch} of ${details.epochs}`);
      delete details.epoch;
      delete details.epochs;
    }
    for (const [name, value] of Object.entries(details)) parts.push(`${name} ${formatDetail(value)}`);
    if (etaMs !== undefined && fraction < 1) parts.push(`ETA ${formatDuration(etaMs)}`);
    return parts.join('  ');
  };

  return {
    report(progress) {
      const line = describe(progress);
      const now = Date.now();
      const phaseChanged = progress.phase !== lastPhase;
      if (interactive) {
        if (phaseChanged && lastLine) stream.write('\n');
        stream.write(`\r${line}\u001b[K`);
      } else if (phaseChanged) {
        // In a log, each phase ends with the line of how it finished and starts with a line saying it
        // began, so a log (or a script watching it) sees a long phase start at once.
        if (lastLine) stream.write(`${lastLine}\n`);
        stream.write(`${line}\n`);
        lastWriteMs = now;
      } else if (now - lastWriteMs >= 5000) {
        stream.write(`${line}\n`);
        lastWriteMs = now;
      }
      lastPhase = progress.phase;
      lastLine = line;
    },
    finish() {
      if (lastLine) stream.write(interactive ? '\n' : `${lastLine}\n`);
      lastLine = '';
    },
  };
}

function formatDetail(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) < 0.01 ? value.toExponential(2) : value.toFixed(4);
}
