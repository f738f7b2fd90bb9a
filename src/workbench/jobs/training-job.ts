import type { SgnsRunRequest } from '../runs/train-sgns';
import type { SppmiSvdRunRequest } from '../runs/train-sppmi-svd';

/** What the service hands a training worker: the run request without its callbacks. */
export type TrainingJobRequest =
  | ({ model: 'sppmi-svd' } & Omit<SppmiSvdRunRequest, 'signal' | 'onProgress'>)
  | ({ model: 'sgns' } & Omit<SgnsRunRequest, 'signal' | 'onProgress'>);
