import { longCallTasks } from './long-call-tasks';
import { serveTasks, type TaskHandlers } from './task-server';

// The service's one-shot long calls (corpus import and overview, evaluation, export), off its thread.
serveTasks(longCallTasks as unknown as TaskHandlers);
