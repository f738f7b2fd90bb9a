import { serveTasks, type TaskContext } from '../jobs/task-server';
import { runSweep, type SweepRequest } from './run-sweep';

// One sweep, off the service's thread; its progress events carry the sweep's figures.
serveTasks({
  sweep: async (request: Omit<SweepRequest, 'signal' | 'onProgress' | 'onRunFinished'>, context: TaskContext) => (await runSweep({ ...request, ...context })).status,
});
