import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { FirthError } from '../../shared/errors';
import { checkSppmiSvdRun } from '../../engine/models/mf-sgns/warm-start';
import { hasRunRecord, readRunRecord } from './run-record';

// MF-SGNS's `init`: random, or an SPPMI-SVD run to warm-start from, named the way people name runs —
// its id (the folder's name) among the runs of the same project, i.e. the folder that holds the new
// run — or a path to its folder. The trainer reads a folder; the run's record keeps what was typed.

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The finished SPPMI-SVD runs beside `runsFolder`'s new run, for an error that lists what could be meant. */
function sppmiSvdRunIds(runsFolder: string): string[] {
  if (!isDirectory(runsFolder)) return [];
  return readdirSync(runsFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && hasRunRecord(join(runsFolder, entry.name)))
    .filter((entry) => {
      try {
        return readRunRecord(join(runsFolder, entry.name)).model === 'sppmi-svd';
      } catch {
        return false;
      }
    })
    .map((entry) => entry.name)
    .sort();
}

/**
 * The run folder `init` names, checked (it exists, holds a finished SPPMI-SVD run, and has
 * `dimensions` when given), or undefined for `random`. `out` is the new run's folder: a bare name is
 * first looked up as a run id beside it, then as a folder relative to the working directory.
 */
export function resolveInitRun(init: string, out: string, dimensions?: number): string | undefined {
  const value = init.trim();
  if (value === 'random') return undefined;
  const runsFolder = dirname(resolve(out));
  const looksLikePath = isAbsolute(value) || value.includes('/') || value.includes(sep) || value.startsWith('.');
  const candidates = looksLikePath ? [resolve(value)] : [join(runsFolder, value), resolve(value)];
  const folder = candidates.find(isDirectory);
  if (!folder) {
    const known = sppmiSvdRunIds(runsFolder);
    const hint = known.length > 0 ? `its SPPMI-SVD runs are ${known.map((id) => `"${id}"`).join(', ')}` : 'there is no SPPMI-SVD run there yet: train one first';
    const what = looksLikePath ? `the folder ${resolve(value)} does not exist` : `the project's runs (${runsFolder}) have no run "${value}"`;
    throw new FirthError('not-found', `init: ${what}; ${hint}, or give random`, { field: 'init' });
  }
  if (resolve(folder) === resolve(out)) {
    throw new FirthError('invalid-input', `init: "${basename(folder)}" is the run being trained; name another run`, { field: 'init' });
  }
  if (!hasRunRecord(folder)) {
    throw new FirthError('invalid-input', `init: ${folder} is not a finished run (it has no run.json)`, { field: 'init', file: folder });
  }
  checkSppmiSvdRun(folder, dimensions);
  return folder;
}

/** A model's settings with `init` turned into the folder the trainer reads (unchanged when there is none). */
export function withInitFolder(settings: Record<string, unknown>, out: string): Record<string, unknown> {
  if (typeof settings.init !== 'string') return settings;
  const dimensions = typeof settings.dimensions === 'number' ? settings.dimensions : undefined;
  const folder = resolveInitRun(settings.init, out, dimensions);
  return folder === undefined ? settings : { ...settings, init: folder };
}
