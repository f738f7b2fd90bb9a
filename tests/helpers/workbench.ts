import { afterEach } from 'vitest';
import { Workbench, type WorkbenchOptions } from '../../src/workbench/workbench';
import { memorySettingsStore } from '../../src/workbench/settings/settings-store';

/** A real service over a real data folder, with settings held in memory. */
export function testWorkbench(dataFolder: string, options: Partial<WorkbenchOptions> = {}): Workbench {
  return new Workbench({ dataFolder, settings: memorySettingsStore(), face: 'cli', appVersion: '0.0.0-test', ...options });
}

/**
 * testWorkbench for a test file that opens several: returns a function that opens one on a data
 * folder, and disposes every one it opened after each test.
 */
export function useTestWorkbenches(options: Partial<WorkbenchOptions> = {}): (dataFolder: string) => Workbench {
  const open: Workbench[] = [];
  afterEach(async () => {
    for (const workbench of open.splice(0)) await workbench.dispose();
  });
  return (dataFolder) => {
    const workbench = testWorkbench(dataFolder, options);
    open.push(workbench);
    return workbench;
  };
}
