import { parentPort } from 'node:worker_threads';
import { FirthError, serializeError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import type { TaskControlMessage, TaskWorkerMessage } from './task-protocol';

export interface TaskContext {
  signal: AbortSignal;
  onProgress: (progress: Progress) => void;
}

export type TaskHandlers = Record<string, (input: never, context: TaskContext) => unknown>;

/**
 * Worker side of a task worker: runs each request with the named handler and its own AbortSignal,
 * and posts progress, the result or the error back. Handlers that loop long yield to the event loop
 * (long-work.ts), so a cancel message can arrive while they run.
 */
export function serveTasks(handlers: TaskHandlers): void {
  const port = parentPort!;
  const running = new Map<number, AbortController>();
  const send = (message: TaskWorkerMessage) => port.postMessage(message);

  port.on('message', (message: TaskControlMessage) => {
    if (message.type === 'cancel') {
      running.get(message.taskId)?.abort();
      return;
    }
    const { taskId, method, input } = message;
    const controller = new AbortController();
    running.set(taskId, controller);
    const context: TaskContext = { signal: controller.signal, onProgress: (progress) => send({ type: 'progress', taskId, progress }) };
    void (async () => {
      try {
        const handler = handlers[method];
        if (!handler) throw new FirthError('internal', `This worker has no task “${method}”`);
        send({ type: 'result', taskId, result: await handler(input as never, context) });
      } catch (error) {
        send({ type: 'error', taskId, error: serializeError(error) });
      } finally {
        running.delete(taskId);
      }
    })();
  });
}
