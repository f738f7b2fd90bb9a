import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../helpers/cli';

// The layer rule is what keeps the architecture: check that it fires for each forbidden direction.
const eslint = new ESLint({ cwd: repositoryRoot });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('import layers', () => {
  it.each([
    ['src/engine/x.ts', "import { Workbench } from '../workbench/workbench';"],
    ['src/engine/x.ts', "import { main } from '../cli/index';"],
    ['src/shared/x.ts', "import { writeFileAtomic } from '../engine/io/atomic-write';"],
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/renderer/src/x.ts', "import { Workbench } from '../../workbench/workbench';"],
    ['src/renderer/src/x.ts', "import { matmulReference } from '../../engine/compute/reference/matmul';"],
    ['src/workbench/x.ts', "import { startWebHost } from '../host/web-host';"],
    ['src/host/x.ts', "import Store from 'electron-store';"],
    ['src/workbench/x.ts', "import { app } from 'electron';"],
  ])('%s may not: %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport {};\n`)).toHaveLength(1);
  });

  it.each([
    ['src/engine/x.ts', "import { FirthError } from '../shared/errors';"],
    ['src/workbench/x.ts', "import { writeFileAtomic } from '../engine/io/atomic-write';"],
    ['src/cli/x.ts', "import { startWebHost } from '../host/web-host';"],
    ['src/renderer/src/x.ts', "import { createClient } from '@shared/transport/bridge';"],
    ['src/main/x.ts', "import Store from 'electron-store';"],
  ])('%s may: %s', async (file, source) => {
    expect(await restrictedImports(file, `${source}\nexport {};\n`)).toEqual([]);
  });
});
