import { Workbench, type WorkbenchOptions } from '../../src/workbench/workbench';
import { memorySettingsStore } from '../../src/workbench/settings/settings-store';

/** A real service over a real data folder, with settings held in memory. */
export function testWorkbench(dataFolder: string, options: Partial<WorkbenchOptions> = {}): Workbench {
  return new Workbench({ dataFolder, settings: memorySettingsStore(), face: 'cli', appVersion: '0.0.0-test', ...options });
}
