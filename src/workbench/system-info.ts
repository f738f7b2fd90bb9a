import { cpus } from 'node:os';
import type { BackendChoice, BackendInfo } from '../shared/compute';
import type { Face, SystemInfo } from '../shared/system-info';
import { resolveBackend } from '../engine/compute/backends';
import { sampleCorpusFile } from './resources-folder';

export interface SystemDescription {
  appVersion: string;
  face: Face;
  dataFolder: string;
  /** Electron and Chromium versions, when the face has them. */
  versions?: { electron?: string; chromium?: string };
  choice: BackendChoice;
  choiceSource: SystemInfo['backendChoiceSource'];
  backends: BackendInfo[];
}

/**
 * What getSystemInfo answers, from the backends already detected: shared by the service and by
 * `firth info`, which detects only what the chosen backend needs and opens no workbench.
 */
export function describeSystem(description: SystemDescription): SystemInfo {
  let activeBackend: SystemInfo['activeBackend'] = null;
  let backendError: string | undefined;
  try {
    activeBackend = resolveBackend(description.choice, description.backends).name;
  } catch (error) {
    backendError = (error as Error).message;
  }
  const sample = sampleCorpusFile();
  return {
    appVersion: description.appVersion,
    face: description.face,
    versions: { node: process.versions.node, v8: process.versions.v8, ...description.versions },
    platform: process.platform,
    arch: process.arch,
    cpuCount: cpus().length,
    dataFolder: description.dataFolder,
    ...(sample ? { sampleCorpusFile: sample } : {}),
    backends: description.backends,
    backendChoice: description.choice,
    backendChoiceSource: description.choiceSource,
    activeBackend,
    ...(backendError ? { backendError } : {}),
  };
}
