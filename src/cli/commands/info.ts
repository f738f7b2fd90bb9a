import type { SystemInfo } from '../../shared/system-info';
import { openWorkbench } from '../open-workbench';
import { UserError } from '../user-error';

export async function infoCommand(options: { backend?: string; json?: boolean }): Promise<void> {
  const info = await openWorkbench('cli', options.backend).getSystemInfo({});
  process.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
  if (info.backendError) throw new UserError(info.backendError);
}

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
          backend.reason ? `  (${backend.reason})` : ''
        }`,
    ),
    '',
    `Backend choice: ${info.backendChoice} (from ${info.backendChoiceSource}) -> ${info.activeBackend ?? 'none'}`,
  ];
  return `${lines.join('\n')}\n`;
}
