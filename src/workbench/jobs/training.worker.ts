import { runTraining } from '../runs/train-run';
import { serveTasks, type TaskContext } from './task-server';
import type { TrainingJobRequest } from './training-job';

// One training run, off the service's thread: the window (or the web host's socket) stays responsive.
serveTasks({
  train: (request: TrainingJobRequest, context: TaskContext) => runTraining({ ...request, ...context }),
});
