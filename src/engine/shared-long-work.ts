// One piece of long work that several callers wait for (two evidence requests on a corpus whose
// index is being built): it runs once, reports its progress to every caller still waiting, and
// stops only when every caller has cancelled. A caller that cancels stops waiting at once.

import { FirthError } from '../shared/errors';
import { throwIfCancelled, type LongWorkOptions, type ProgressListener } from './long-work';

export class SharedLongWork<T> {
  private readonly controller = new AbortController();
  private readonly listeners = new Set<ProgressListener>();
  private waiting = 0;
  private settled = false;
  readonly result: Promise<T>;

  constructor(start: (work: LongWorkOptions) => Promise<T>) {
    this.result = start({
      signal: this.controller.signal,
      onProgress: (progress) => {
        for (const listener of this.listeners) listener(progress);
      },
    });
    const settle = () => {
      this.settled = true;
    };
    this.result.then(settle, settle);
  }

  /** Every caller cancelled before it ended: a new caller must start the work again. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  /** The work's result for one caller, who stops waiting (a 'cancelled' error) when its own signal aborts. */
  wait(work: LongWorkOptions = {}): Promise<T> {
    throwIfCancelled(work.signal);
    const listener = work.onProgress;
    if (listener) this.listeners.add(listener);
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = (): boolean => {
        if (left) return false;
        left = true;
        work.signal?.removeEventListener('abort', onAbort);
        if (listener) this.listeners.delete(listener);
        this.waiting--;
        return true;
      };
      const onAbort = () => {
        if (!leave()) return;
        if (this.waiting === 0 && !this.settled) this.controller.abort();
        reject(new FirthError('cancelled', 'Cancelled'));
      };
      work.signal?.addEventListener('abort', onAbort, { once: true });
      this.result.then(
        (value) => {
          if (leave()) resolve(value);
        },
        (error: unknown) => {
          if (leave()) reject(error);
        },
      );
    });
  }
}
