import type { Face } from '../shared/system-info';
import { appVersion } from '../workbench/app-version';
import { defaultDataFolder, prepareDataFolder } from '../workbench/data-folder';
import { openConfSettings } from '../workbench/settings/conf-settings';
import { Workbench } from '../workbench/workbench';

/** The service as the CLI and the web host use it: conf settings in the shared data folder. */
export function openWorkbench(face: Face, backendFlag?: string): Workbench {
  const dataFolder = defaultDataFolder();
  prepareDataFolder(dataFolder);
  return new Workbench({
    dataFolder,
    settings: openConfSettings(dataFolder),
    face,
    appVersion,
    backendFlag,
    backendEnvironment: process.env.FIRTH_BACKEND,
    allowSoftwareAdapter: process.env.FIRTH_ALLOW_SOFTWARE_GPU === '1',
  });
}
