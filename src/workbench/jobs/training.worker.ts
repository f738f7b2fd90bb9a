import { runSgns } from '../runs/train-sgns';
import { runSppmiSvd } from '../runs/train-sppmi-svd';
import { serveTasks, type TaskContext } from './task-server';
import type { TrainingJobRequest } from './training-job';

// One training run, off the service's thread: the window (or the web host's socket) stays responsive.
serveTasks({
  train: (request: TrainingJobRequest, context: TaskContext) =>
    request.model === 'sgns' ? runSgns({ ...request, ...context }) : runSppmiSvd({ ...request, ...context }),
});
