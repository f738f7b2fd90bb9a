import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FirthError } from '../shared/errors';

/**
 * The app's `resources/` folder (test sets, sample corpus). Found by walking up from this module,
 * which works from source and from every bundle (out/cli, out/main); FIRTH_RESOURCES overrides it.
 */
export function resourcesFolder(): string {
  if (process.env.FIRTH_RESOURCES) return process.env.FIRTH_RESOURCES;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(folder, 'resources', 'testsets'))) return join(folder, 'resources');
    folder = dirname(folder);
  }
  throw new FirthError('not-found', 'Cannot find the resources folder with the bundled test sets (set FIRTH_RESOURCES)');
}

export const testSetsFolder = (): string => join(resourcesFolder(), 'testsets');

/** The bundled sample corpus, or undefined where the resources are not shipped. */
export function sampleCorpusFile(): string | undefined {
  try {
    const file = join(resourcesFolder(), 'sample', 'text8-sample.txt.gz');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}
