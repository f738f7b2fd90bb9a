import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `<name>.worker` that sits beside the calling module.
 *
 * Bundles (electron-vite for Electron main, vite for the CLI) emit every `*.worker.ts` as its own
 * entry next to the bundle, so `./<name>.worker.js` resolves there. Running from source (vitest,
 * tsx) there is no `.js`: the `.ts` file is started with tsx's loader registered inside the worker.
 */
export function spawnWorker(name: string, callerUrl: string, options: WorkerOptions = {}): Worker {
  const built = new URL(`./${name}.worker.js`, callerUrl);
  if (existsSync(fileURLToPath(built))) return new Worker(built, options);
  const source = new URL(`./${name}.worker.ts`, callerUrl);
  if (!existsSync(fileURLToPath(source))) {
    throw new Error(`Worker module ${name}.worker not found beside ${fileURLToPath(callerUrl)}`);
  }
  return new Worker(source, { ...options, execArgv: [...(options.execArgv ?? []), ...typeScriptLoaderArguments()] });
}

/** `--import tsx` reaches only the main thread on Node 20; tsx's register() works inside a worker. */
function typeScriptLoaderArguments(): string[] {
  const tsxFolder = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxFolder, 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import { register } from ${JSON.stringify(api)}; register();`;
  return ['--import', `data:text/javascript,${encodeURIComponent(bootstrap)}`];
}
