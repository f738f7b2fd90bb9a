import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { runSgns } from '../runs/train-sgns';
import { runSppmiSvd } from '../runs/train-sppmi-svd';
import type { TrainingControlMessage, TrainingJobRequest, TrainingWorkerMessage } from './training-job';

// One training run, off the service's thread: the window (or the web host's socket) stays responsive.
const port = parentPort!;
const request = workerData as TrainingJobRequest;
const controller = new AbortController();
const send = (message: TrainingWorkerMessage) => port.postMessage(message);

port.on('message', (message: TrainingControlMessage) => {
  if (message.type === 'cancel') controller.abort();
});

const work = { signal: controller.signal, onProgress: (progress: Progress) => send({ type: 'progress', progress }) };
try {
  const record = request.model === 'sgns' ? await runSgns({ ...request, ...work }) : await runSppmiSvd({ ...request, ...work });
  send({ type: 'done', record });
} catch (error) {
  send({ type: 'failed', error: serializeError(error) });
}
port.close();
