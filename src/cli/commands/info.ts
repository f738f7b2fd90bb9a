import type { SystemInfo } from '../../shared/system-info';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { openWorkbench } from '../open-workbench';
import { UserError } from '../user-error';

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show the version, the data folder and the compute backends',
  async run(args) {
    const { values } = parseCommandArgs(args, { backend: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) return printHelp('Usage: firth info [--json] [--backend auto|gpu|cpu|webasm]');
    const info = await openWorkbench('cli', values.backend as string | undefined).getSystemInfo({});
    process.stdout.write(values.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
    if (info.backendError) throw new UserError(info.backendError);
  },
};

export function formatInfo(info: SystemInfo): string {
  const lines = [
    `Firth ${info.appVersion}`,
    `Node ${info.versions.node} (V8 ${info.versions.v8}) on ${info.platform}-${info.arch}, ${info.cpuCount} cores`,
    `Data folder: ${info.dataFolder}`,
    '',
    'Compute backends:',
    ...info.backends.map(
      (backend) =>
        `  ${backend.name === info.activeBackend ? '*' : ' '} ${backend.name.padEnd(7)} ${backend.available ? 'available  ' : 'unavailable'}  ${backend.adapter}${
          backend.reason && !backend.reason.startsWith(backend.adapter) ? `  (${backend.reason})` : ''
        }`,
    ),
    '',
    `Backend choice: ${info.backendChoice} (from ${info.backendChoiceSource}) -> ${info.activeBackend ?? 'none'}`,
  ];
  return `${lines.join('\n')}\n`;
}
