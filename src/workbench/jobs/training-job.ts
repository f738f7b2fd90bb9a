import type { RunRequest } from '../runs/run-inputs';

/** What the service hands a training worker: the run request without its callbacks. */
export type TrainingJobRequest = Omit<RunRequest, 'signal' | 'onProgress'>;
