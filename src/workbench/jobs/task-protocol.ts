import type { SerializedError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';

// Messages between the service and a task worker: a thread that answers named requests one by one
// (a comparison kept in memory, a theorem sample), each with its own progress and cancel.

/** Service → worker. */
export type TaskControlMessage =
  | { type: 'run'; taskId: number; method: string; input: unknown }
  | { type: 'cancel'; taskId: number };

/** Worker → service. */
export type TaskWorkerMessage =
  | { type: 'progress'; taskId: number; progress: Progress }
  | { type: 'result'; taskId: number; result: unknown }
  | { type: 'error'; taskId: number; error: SerializedError };
