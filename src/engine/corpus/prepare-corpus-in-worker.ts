// prepareCorpus in a worker thread that ends when the corpus is ready. Reading, decoding and
// tokenising leave tens of megabytes of short-lived strings, chunk buffers and a growing token stream
// behind; in a thread of its own (with a small young generation, so garbage is collected early) all
// of it goes when the thread ends, and the process that trains next starts from its baseline plus
// the ids. The ids come back transferred, not copied.

import { deserializeError, FirthError } from '../../shared/errors';
import { spawnWorker } from '../workers/spawn-worker';
import { throwIfCancelled } from '../long-work';
import type { PreparedCorpus, CorpusOptions } from './prepare-corpus';
import type { PrepareCorpusReply, PrepareCorpusRequest } from './prepare-corpus-protocol';
import type { ScanOptions } from './scan-corpus';
import { vocabularyFromWords } from './vocabulary';

/** V8's young generation in the worker: small, so the tokeniser's garbage is collected early. */
const youngGenerationMb = 4;

export async function prepareCorpusInWorker(file: string, options: CorpusOptions, work: ScanOptions = {}): Promise<PreparedCorpus> {
  throwIfCancelled(work.signal);
  const request: PrepareCorpusRequest = { file, options };
  const worker = spawnWorker('prepare-corpus', import.meta.url, {
    workerData: request,
    name: 'firth-corpus',
    resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
  });
  const cancel = () => worker.postMessage('cancel');
  work.signal?.addEventListener('abort', cancel);
  try {
    return await new Promise<PreparedCorpus>((resolve, reject) => {
      worker.on('message', (reply: PrepareCorpusReply) => {
        if (reply.type === 'progress') work.onProgress?.(reply.progress);
        else if (reply.type === 'error') reject(deserializeError(reply.error));
        else {
          const { words, counts, ids, statistics, options: resolved } = reply.result;
          resolve({ vocabulary: vocabularyFromWords(words, counts), ids, statistics, options: resolved });
        }
      });
      worker.once('error', (error) => reject(new FirthError('internal', `the corpus thread failed: ${error.message}`)));
      worker.once('exit', (code) => reject(new FirthError('internal', `the corpus thread exited (exit code ${code}) before the corpus was ready`)));
    });
  } finally {
    work.signal?.removeEventListener('abort', cancel);
    await worker.terminate();
  }
}
