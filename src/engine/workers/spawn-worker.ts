import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `<name>.worker` that sits beside the calling module.
 *
 * Bundles (electron-vite for Electron main, vite for the CLI) emit every `*.worker.ts` as its own
 * entry next to the bundle, so `./<name>.worker.js` resolves there. Running from source (vitest,
 * tsx) there is no `.js`: the `.ts` file is started through tsx's loader instead.
 */
export function spawnWorker(name: string, callerUrl: string, options: WorkerOptions = {}): Worker {
  const built = new URL(`./${name}.worker.js`, callerUrl);
  if (existsSync(fileURLToPath(built))) return new Worker(built, options);
  const source = new URL(`./${name}.worker.ts`, callerUrl);
  if (!existsSync(fileURLToPath(source))) {
    throw new Error(`Worker module ${name}.worker not found beside ${fileURLToPath(callerUrl)}`);
  }
  return new Worker(source, { ...options, execArgv: [...(options.execArgv ?? []), '--import', 'tsx'] });
}
