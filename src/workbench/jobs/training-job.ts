import type { SerializedError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import type { RunRecord } from '../runs/run-record';
import type { SgnsRunRequest } from '../runs/train-sgns';
import type { SppmiSvdRunRequest } from '../runs/train-sppmi-svd';

/** What the service hands a training worker: the run request without its callbacks. */
export type TrainingJobRequest =
  | ({ model: 'sppmi-svd' } & Omit<SppmiSvdRunRequest, 'signal' | 'onProgress'>)
  | ({ model: 'sgns' } & Omit<SgnsRunRequest, 'signal' | 'onProgress'>);

/** Worker → service. */
export type TrainingWorkerMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; record: RunRecord }
  | { type: 'failed'; error: SerializedError };

/** Service → worker. */
export type TrainingControlMessage = { type: 'cancel' };
