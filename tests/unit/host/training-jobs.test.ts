import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventPayload, FirthClient } from '../../../src/shared/contract';
import { FirthError } from '../../../src/shared/errors';
import { createClient } from '../../../src/shared/transport/bridge';
import { connectWebSocketBridge, type WebSocketBridge, type WebSocketLike } from '../../../src/shared/transport/websocket-bridge';
import { startWebHost, type WebHost } from '../../../src/host/web-host';
import type { Workbench } from '../../../src/workbench/workbench';
import { writeCorpusSlice } from '../../helpers/corpus-slice';
import { useTempFolders } from '../../helpers/temp-folder';
import { testWorkbench } from '../../helpers/workbench';

const tempFolder = useTempFolders();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real service behind the real web host, driven through the WebSocket client as the renderer does. */
async function connect(): Promise<{ client: FirthClient; workbench: Workbench }> {
  const workbench = testWorkbench(tempFolder(), { face: 'web' });
  const host: WebHost = await startWebHost({ workbench, rendererFolder: tempFolder(), port: 0 });
  const bridge: WebSocketBridge = await connectWebSocketBridge(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, (url) => new WebSocket(url) as unknown as WebSocketLike);
  cleanups.push(() => host.close(), () => bridge.close(), () => workbench.dispose());
  return { client: createClient(bridge), workbench };
}

function finished(client: FirthClient, jobId: string): Promise<EventPayload<'jobFinished'>> {
  return new Promise((resolve) => {
    const stop = client.on('jobFinished', (event) => {
      if (event.jobId !== jobId) return;
      stop();
      resolve(event);
    });
  });
}

describe('training jobs through the service', () => {
  it('train in a worker thread, stream progress with rate and ETA, and end with the run record', async () => {
    const { client } = await connect();
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 2_000_000);
    const progress: EventPayload<'progress'>[] = [];
    client.on('progress', (event) => progress.push(event));
    const out = join(work, 'run');
    const { jobId } = await client.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out, settings: { dimensions: 16, window: 5 } });
    const end = await finished(client, jobId);
    expect(end).toMatchObject({ jobId, status: 'done', out, record: { model: 'sppmi-svd', dimensions: 16 } });
    expect(readdirSync(out).sort()).toEqual(['C.npy', 'W.npy', 'run.json', 'singular-values.npy', 'vocab.tsv']);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).settings.model.window).toBe(5);
    const phases = new Set(progress.filter((event) => event.jobId === jobId).map((event) => event.phase));
    expect([...phases]).toEqual(expect.arrayContaining(['read', 'count', 'svd']));
    expect(progress.some((event) => (event.rate ?? 0) > 0)).toBe(true);
  });

  it('cancel stops a running job: it ends as cancelled and leaves no run folder', async () => {
    const { client } = await connect();
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 3_000_000);
    const out = join(work, 'run');
    const { jobId } = await client.startTraining({ model: 'sgns', corpusFile: corpus, out, settings: { epochs: 50, dimensions: 50 } });
    const trainingStarted = new Promise<void>((resolve) => {
      const stop = client.on('progress', (event) => {
        if (event.jobId === jobId && event.phase === 'train') {
          stop();
          resolve();
        }
      });
    });
    const end = finished(client, jobId);
    await trainingStarted;
    expect(await client.cancelJob({ jobId })).toEqual({ cancelled: true });
    expect((await end).status).toBe('cancelled');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work)).toEqual(['slice.txt']);
    expect(await client.cancelJob({ jobId })).toEqual({ cancelled: false });
  });

  it('runs one job at a time: the next waits, starts when the first ends, and can be cancelled while waiting', async () => {
    const { client } = await connect();
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 300_000);
    const started: string[] = [];
    client.on('jobStarted', (event) => started.push(event.jobId));
    const first = await client.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out: join(work, 'first'), settings: { dimensions: 8 } });
    const second = await client.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out: join(work, 'second'), settings: { dimensions: 8 } });
    const third = await client.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out: join(work, 'third'), settings: { dimensions: 8 } });
    expect([first.position, second.position, third.position]).toEqual([0, 1, 2]);
    const thirdEnd = finished(client, third.jobId);
    expect(await client.cancelJob({ jobId: third.jobId })).toEqual({ cancelled: true });
    expect(await thirdEnd).toMatchObject({ status: 'cancelled' });
    expect((await finished(client, second.jobId)).status).toBe('done');
    expect(started).toEqual([second.jobId]);
    expect(readdirSync(work).sort()).toEqual(['first', 'second', 'slice.txt']);
  });

  it('refuses a bad request before any thread starts, naming the field', async () => {
    const { client } = await connect();
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 20_000);
    const attempts: [Parameters<FirthClient['startTraining']>[0], string][] = [
      [{ model: 'sgns', corpusFile: corpus, out: join(work, 'a'), settings: { negative: 0 } }, 'settings.negative'],
      [{ model: 'sppmi-svd', corpusFile: corpus, out: join(work, 'a'), settings: { window: 0 } }, 'settings.window'],
      [{ model: 'sppmi-svd', corpusFile: corpus, out: join(work, 'a'), corpus: { minCount: 0 } }, 'corpus.minCount'],
      [{ model: 'sppmi-svd', corpusFile: join(work, 'missing.txt'), out: join(work, 'a') }, 'corpusFile'],
      [{ model: 'sppmi-svd', corpusFile: 'relative.txt', out: join(work, 'a') }, 'corpusFile'],
      [{ model: 'sppmi-svd', corpusFile: corpus, out: work }, 'out'],
    ];
    for (const [request, field] of attempts) {
      const error = await client.startTraining(request).catch((caught: unknown) => caught);
      expect(error, field).toBeInstanceOf(FirthError);
      expect((error as FirthError).where?.field, field).toBe(field);
    }
    expect(readdirSync(work)).toEqual(['slice.txt']);
  });

  it('reports a job that fails inside the thread as failed, with the reason', async () => {
    const { client } = await connect();
    const work = tempFolder();
    const corpus = writeCorpusSlice(work, 20_000);
    // Valid as settings, but larger than this corpus's vocabulary: found only once the corpus is read.
    const { jobId } = await client.startTraining({ model: 'sppmi-svd', corpusFile: corpus, out: join(work, 'run'), settings: { dimensions: 1500 } });
    const end = await finished(client, jobId);
    expect(end).toMatchObject({ status: 'failed', error: { code: 'invalid-input', where: { field: 'dimensions' } } });
    expect(existsSync(join(work, 'run'))).toBe(false);
  });
});
