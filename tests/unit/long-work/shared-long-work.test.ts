import { describe, expect, it } from 'vitest';
import { FirthError } from '../../../src/shared/errors';
import type { Progress } from '../../../src/shared/progress';
import type { LongWorkOptions } from '../../../src/engine/long-work';
import { SharedLongWork } from '../../../src/engine/shared-long-work';

/** Work that ends when told to, and fails as cancelled when its signal aborts. */
function controllableWork() {
  let finish!: (value: string) => void;
  let given!: LongWorkOptions;
  const start = (work: LongWorkOptions) =>
    new Promise<string>((resolve, reject) => {
      given = work;
      finish = resolve;
      work.signal?.addEventListener('abort', () => reject(new FirthError('cancelled', 'Cancelled')));
    });
  return { start, finish: (value: string) => finish(value), report: (done: number) => given.onProgress?.({ phase: 'read', done, total: 10, unit: 'bytes' }), given: () => given };
}

describe('SharedLongWork', () => {
  it('runs once for every caller, reports to those still waiting, and goes on while one of them waits', async () => {
    const work = controllableWork();
    const shared = new SharedLongWork(work.start);
    const first = new AbortController();
    const second = new AbortController();
    const seenFirst: Progress[] = [];
    const seenSecond: Progress[] = [];
    const firstResult = shared.wait({ signal: first.signal, onProgress: (progress) => seenFirst.push(progress) });
    const secondResult = shared.wait({ signal: second.signal, onProgress: (progress) => seenSecond.push(progress) });
    work.report(3);
    first.abort();
    await expect(firstResult).rejects.toMatchObject({ code: 'cancelled' });
    expect(shared.abandoned).toBe(false);
    expect(work.given().signal?.aborted).toBe(false);
    work.report(10);
    work.finish('index');
    await expect(secondResult).resolves.toBe('index');
    expect(seenFirst.map((progress) => progress.done)).toEqual([3]);
    expect(seenSecond.map((progress) => progress.done)).toEqual([3, 10]);
  });

  it('stops the work when every caller has cancelled', async () => {
    const work = controllableWork();
    const shared = new SharedLongWork(work.start);
    const first = new AbortController();
    const second = new AbortController();
    const results = [shared.wait({ signal: first.signal }), shared.wait({ signal: second.signal })];
    first.abort();
    second.abort();
    await expect(Promise.all(results)).rejects.toMatchObject({ code: 'cancelled' });
    expect(shared.abandoned).toBe(true);
    expect(work.given().signal?.aborted).toBe(true);
    await expect(shared.result).rejects.toMatchObject({ code: 'cancelled' });
    // A caller whose signal is already aborted does not wait at all.
    expect(() => new SharedLongWork(controllableWork().start).wait({ signal: first.signal })).toThrow(/Cancelled/);
  });
});
