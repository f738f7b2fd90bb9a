import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SgnsSettingsSchema } from '../../src/shared/hyperparameters/sgns';
import { SppmiSvdSettingsSchema } from '../../src/shared/hyperparameters/sppmi-svd';
import { CorpusSettingsSchema } from '../../src/shared/hyperparameters/corpus';
import { trainSgns } from '../../src/engine/models/sgns';
import { parseCommandArgs } from '../../src/cli/command';
import { schemaFlags } from '../../src/cli/schema-flags';
import { FirthError } from '../../src/shared/errors';
import { ensureCliBuilt, runCli } from '../helpers/cli';
import { useTempFolders } from '../helpers/temp-folder';
import { snapshot, tinyCorpusText } from './snapshot';

// Options: every bad value is reported as the option and its range, in-process through the same
// parser the CLI uses; a few cases spawn the built CLI for the exit code and the one-line message.

const sgns = schemaFlags(SgnsSettingsSchema);
const sppmi = schemaFlags(SppmiSvdSettingsSchema);
const corpus = schemaFlags(CorpusSettingsSchema);

function readFlags(flags: ReturnType<typeof schemaFlags>, args: string[]): Record<string, unknown> {
  const { values } = parseCommandArgs(args, flags.options);
  return flags.read(values);
}

describe('option values are checked and named', () => {
  const cases: Array<[string, ReturnType<typeof schemaFlags>, string[], RegExp]> = [
    ['negative window', sgns, ['--window', '-1'], /--window: .*(>=|at least|too small).*got "-1"/i],
    ['zero window', sgns, ['--window', '0'], /--window/],
    ['fractional window', sgns, ['--window', '2.5'], /--window.*int/i],
    ['window as a word', sgns, ['--window', 'five'], /--window must be a number \(got "five"\)/],
    ['window empty', sgns, ['--window', ''], /--window must be a number/],
    ['NaN dimensions', sgns, ['--dimensions', 'NaN'], /--dimensions must be a number/],
    ['Infinity dimensions', sgns, ['--dimensions', 'Infinity'], /--dimensions must be a number/],
    ['negative dimensions', sgns, ['--dimensions', '-5'], /--dimensions/],
    ['huge dimensions', sgns, ['--dimensions', '1e9'], /--dimensions/],
    ['learning rate that diverges', sgns, ['--alpha', '0.7'], /--alpha: .*0\.5/],
    ['learning rate 1', sgns, ['--alpha', '1'], /--alpha/],
    ['negative learning rate', sgns, ['--alpha', '-0.1'], /--alpha/],
    ['zero epochs', sgns, ['--epochs', '0'], /--epochs/],
    ['negatives 0', sgns, ['--negative', '0'], /--negative/],
    ['subsample above 1', sgns, ['--subsample', '2'], /--subsample/],
    ['seed beyond 32 bits', sgns, ['--seed', '4294967296'], /--seed/],
    ['SVD shift-k 0', sppmi, ['--shift-k', '0'], /--shift-k/],
    ['SVD weighting unknown', sppmi, ['--weighting', 'cubic'], /--weighting/],
    ['min-count 0', corpus, ['--min-count', '0'], /--min-count/],
    ['token pattern unknown', corpus, ['--token-pattern', 'words'], /--token-pattern/],
  ];
  it.each(cases)('%s', (_name, flags, args, words) => {
    expect(() => readFlags(flags, args)).toThrow(words);
  });

  it('an unknown option is named', () => {
    expect(() => parseCommandArgs(['--windw', '5'], sgns.options)).toThrow(/--windw/);
  });
  it('a stray argument is named', () => {
    expect(() => parseCommandArgs(['extra'], sgns.options)).toThrow(/Unexpected argument "extra"/);
  });
});

describe('SGNS that diverges stops and says so, never a saved run', () => {
  // A small vocabulary trained hard: the updates run away within the first epoch.
  const words = 60;
  const ids = Int32Array.from({ length: 60_000 }, (_, index) => (index * 7919 + (index >> 3)) % words);
  const counts = new Float64Array(words).fill(1000);
  const train = (alpha: number) => trainSgns({ ids, counts }, { dimensions: 16, alpha, minAlpha: alpha, epochs: 5, threads: 1, subsample: 0 }).catch((thrown: unknown) => thrown);

  it('learning rate 0.5 (the largest the schema allows) stops with the hint', async () => {
    const error = await train(0.5);
    expect(error).toBeInstanceOf(FirthError);
    expect((error as FirthError).message).toMatch(/SGNS diverged in epoch \d.*nothing was saved\. Lower the learning rate/);
    expect((error as FirthError).where?.field).toBe('alpha');
  });
  it.each([0.7, 1])('learning rate %s (the old schema allowed it) is refused before training, naming alpha', async (alpha) => {
    const error = await train(alpha);
    expect(error).toBeInstanceOf(FirthError);
    expect((error as FirthError).message).toMatch(/alpha: .*0\.5/);
    expect((error as FirthError).where?.field).toBe('alpha');
  });
});

describe('the CLI: exit codes and one-line messages', () => {
  const folder = useTempFolders();
  beforeAll(() => ensureCliBuilt());

  it('--window -1 is reported as the option and its range, not "ambiguous"', () => {
    const data = folder();
    const root = folder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    const before = snapshot(root);
    const result = runCli(['train', 'sgns', '--corpus', join(root, 'corpus.txt'), '--out', join(root, 'run'), '--window', '-1'], data);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--window: .*got "-1"/);
    expect(result.stderr).not.toMatch(/ambiguous/);
    expect(snapshot(root)).toEqual(before);
  });
  it('--force over the corpus file is refused, and the corpus is untouched', () => {
    const root = folder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    const before = snapshot(root);
    const result = runCli(['train', 'sppmi-svd', '--corpus', join(root, 'corpus.txt'), '--out', join(root, 'corpus.txt'), '--force', '--min-count', '1', '--dimensions', '2'], folder());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a Firth run folder.*nothing was changed/);
    expect(snapshot(root)).toEqual(before);
  });
  it.runIf(process.platform === 'linux')('an unusable data folder names it and FIRTH_DATA_DIR, exit 1', () => {
    const root = folder();
    writeFileSync(join(root, 'corpus.txt'), tinyCorpusText());
    const result = runCli(['train', 'sppmi-svd', '--corpus', join(root, 'corpus.txt'), '--out', join(root, 'run')], '/proc/firth-data');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/proc\/firth-data.*FIRTH_DATA_DIR/);
    expect(result.stderr).not.toMatch(/EACCES|ENOENT|\n\s+at /);
  });
  it('eval prints n/a, never NaN, for a set with too few covered pairs', () => {
    const root = folder();
    writeFileSync(join(root, 'vectors.txt'), '3 2\ncat 1 0\ndog 0 1\nfish 1 1\n');
    writeFileSync(join(root, 'mine.txt'), 'cat dog 5\ncat zebra 3\n');
    const result = runCli(['eval', join(root, 'vectors.txt'), '--sets', 'ws353', '--file', join(root, 'mine.txt')], folder());
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/NaN/);
    expect(result.stdout).toMatch(/n\/a/);
  });
  it('firth runs lists an interrupted and a damaged run with their reasons', () => {
    const root = folder();
    mkdirSync(join(root, '.cut.partial-2147483646-1700000000000-0badcafe'));
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'run.json'), '{');
    writeFileSync(join(root, 'broken', 'W.npy'), '');
    const result = runCli(['runs', root], folder());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/cut\s+interrupted/);
    expect(result.stdout).toMatch(/broken\s+damaged.*not valid JSON/);
    // --clean deletes the interrupted run, never the damaged one (that is the user's to judge).
    const cleaned = runCli(['runs', root, '--clean', '--json'], folder());
    expect(cleaned.stderr).toMatch(/Deleted 1 interrupted run: cut/);
    expect((JSON.parse(cleaned.stdout) as Array<{ id: string }>).map((run) => run.id)).toEqual(['broken']);
    expect(readdirSync(root)).toEqual(['broken']);
  });
});
