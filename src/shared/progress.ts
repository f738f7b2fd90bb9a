/** What long work reports: how far a phase is, in the phase's own unit (bytes, tokens, rows…). */
export interface Progress {
  phase: string;
  done: number;
  total: number;
  unit: string;
  /** Extra figures a phase may add (SGNS: epoch, learning rate, loss). */
  details?: Record<string, number>;
}

export interface ProgressEstimate {
  fraction: number;
  /** Units per second, smoothed. */
  rate: number;
  /** Milliseconds left at the current rate; undefined until a rate is known. */
  etaMs: number | undefined;
}

/**
 * Rate and ETA for one phase from successive (done, time) samples, smoothed exponentially so a
 * single slow step does not make the ETA jump. Time is passed in: the function stays pure.
 */
export class ProgressEstimator {
  private phase = '';
  private lastDone = 0;
  private lastTimeMs = 0;
  private rate = 0;

  update(progress: Progress, nowMs: number): ProgressEstimate {
    if (progress.phase !== this.phase) {
      this.phase = progress.phase;
      this.lastDone = progress.done;
      this.lastTimeMs = nowMs;
      this.rate = 0;
    } else if (nowMs > this.lastTimeMs) {
      const instant = ((progress.done - this.lastDone) * 1000) / (nowMs - this.lastTimeMs);
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
      this.lastDone = progress.done;
      this.lastTimeMs = nowMs;
    }
    const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
    const etaMs = this.rate > 0 ? ((progress.total - progress.done) / this.rate) * 1000 : undefined;
    return { fraction, rate: this.rate, etaMs };
  }
}

/** "1.2 k", "3.4 M": rates and counts as people read them. */
export function formatQuantity(value: number): string {
  const units: [number, string][] = [
    [1e9, ' G'],
    [1e6, ' M'],
    [1e3, ' k'],
  ];
  for (const [size, suffix] of units) if (Math.abs(value) >= size) return `${(value / size).toFixed(1)}${suffix}`;
  return value.toFixed(value < 10 && value % 1 !== 0 ? 1 : 0);
}

export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
