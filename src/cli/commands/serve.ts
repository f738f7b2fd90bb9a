import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWebHost } from '../../host/web-host';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { openWorkbench } from '../open-workbench';
import { UserError } from '../user-error';
import { cancelOnInterrupt } from '../cancel-on-interrupt';

export const serveCommand: Command = {
  name: 'serve',
  async run(args) {
    const { values } = parseCommandArgs(args, { port: { type: 'string' }, backend: { type: 'string' } });
    if (values.help) return printHelp('Usage: firth serve [--port N (default 7357; 0 = any free port)] [--backend auto|gpu|cpu|webasm]');
    await serve({ port: values.port as string | undefined, backend: values.backend as string | undefined });
  },
};

async function serve(options: { port?: string; backend?: string }): Promise<void> {
  const port = options.port === undefined ? 7357 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be a whole number from 0 to 65535 (got "${options.port}")`);
  const workbench = openWorkbench('web', options.backend);
  workbench.ensureSampleProject();
  const info = await workbench.getSystemInfo({});
  if (info.backendError) throw new UserError(info.backendError);
  const host = await startWebHost({ workbench, rendererFolder: rendererFolder(), port });
  process.stdout.write(`Firth ${info.appVersion} is serving on 127.0.0.1 only (backend: ${info.activeBackend}).\nOpen: ${host.url}\nPress Ctrl+C to stop.\n`);
  // Serve until Ctrl+C or SIGTERM, then close sockets and return so the command exits 0.
  const stop = cancelOnInterrupt({ stopsNormally: true });
  await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
  await host.close();
  await workbench.dispose();
  stop.dispose();
}

/** The built renderer: beside the CLI bundle (out/cli → out/renderer), or out/renderer from source. */
function rendererFolder(): string {
  const candidates = [new URL('../renderer/', import.meta.url), new URL('../../../out/renderer/', import.meta.url)].map((url) => fileURLToPath(url));
  const found = candidates.find((folder) => existsSync(`${folder}index.html`));
  if (!found) throw new UserError('The app is not built yet: run `npm run build` first.');
  return found;
}
