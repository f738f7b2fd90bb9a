// Prepares one corpus (read, tokenise, count, encode) in a thread of its own: see
// prepare-corpus-in-worker.ts for why. Posts progress while it works, then the result with the ids'
// buffer transferred (not copied), or the error.

import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../shared/errors';
import { prepareCorpus, type CorpusOptions } from './prepare-corpus';
import type { PrepareCorpusReply, PrepareCorpusRequest } from './prepare-corpus-protocol';

const port = parentPort;
if (!port) throw new Error('prepare-corpus.worker must run in a worker thread');
const request = workerData as PrepareCorpusRequest;
const controller = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'cancel') controller.abort();
});

const post = (reply: PrepareCorpusReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

/**
 * Read and decompress in 64 KiB pieces: glibc's malloc serves blocks under 128 KiB from the thread's
 * arena, which it reuses, while freeing a larger (mmapped) block raises its mmap threshold, after
 * which every 1 MiB read buffer lands in the arena and tens of megabytes stay resident after the
 * thread has ended. The token-stream blocks (1 MiB) stay mmapped and go back to the system.
 */
const chunkBytes = 1 << 16;

prepareCorpus(request.file, request.options as CorpusOptions, {
  chunkBytes,
  signal: controller.signal,
  onProgress: (progress) => post({ type: 'progress', progress }),
}).then(
  (prepared) => {
    const { vocabulary, ids, statistics, options } = prepared;
    const result = { words: vocabulary.words, counts: vocabulary.counts, ids, statistics, options };
    post({ type: 'result', result }, [ids.buffer as ArrayBuffer, vocabulary.counts.buffer as ArrayBuffer]);
  },
  (error: unknown) => post({ type: 'error', error: serializeError(error) }),
);
