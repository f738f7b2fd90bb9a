import { pickBackendChoice } from '../../shared/backend-choice';
import type { SystemInfo } from '../../shared/system-info';
import { detectBackends } from '../../engine/compute/backends';
import { appVersion } from '../../workbench/app-version';
import { defaultDataFolder } from '../../workbench/data-folder';
import { describeSystem } from '../../workbench/system-info';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { UserError } from '../user-error';

export const infoCommand: Command = {
  name: 'info',
  async run(args) {
    const { values } = parseCommandArgs(args, { backend: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) return printHelp('Usage: firth info [--json] [--backend auto|gpu|cpu|webasm]');
    const dataFolder = defaultDataFolder();
    const flag = values.backend as string | undefined;
    const environment = process.env.FIRTH_BACKEND;
    // The saved setting matters only when neither the flag nor the environment chooses; the settings
    // store is loaded only then. With cpu or webasm chosen the GPU is not probed.
    const setting = flag === undefined && !environment ? (await import('../../workbench/settings/conf-settings')).openConfSettings(dataFolder).read().backend : 'auto';
    const { choice, source } = pickBackendChoice(flag, environment, setting);
    const backends = await detectBackends({ choice, allowSoftwareAdapter: process.env.FIRTH_ALLOW_SOFTWARE_GPU === '1' });
    const info = describeSystem({ appVersion, face: 'cli', dataFolder, choice, choiceSource: source, backends });
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
