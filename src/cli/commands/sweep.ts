import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { pickBackendChoice } from '../../shared/compute';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { formatDuration } from '../../shared/progress';
import { isModelId, modelIds, models, type ModelId } from '../../shared/models';
import { parseSweepSpec, SweepSpecSchema, type GridValue, type SweepSpec } from '../../shared/sweep';
import { describePlan } from '../../shared/sweep-plan';
import { formatResultsTable } from '../../shared/sweep-results';
import { makeFolder } from '../../engine/io/make-folder';
import { removeStaleTemporaries } from '../../engine/io/stale-temporaries';
import { defaultDataFolder, prepareDataFolder, tidyDataFolder, trashFolderOf } from '../../workbench/data-folder';
import { corpusCacheFolder } from '../../workbench/runs/run-inputs';
import { prepareSweep, runSweep } from '../../workbench/sweep/run-sweep';
import { RESULTS_FILE, SWEEP_RECORD_FILE } from '../../workbench/sweep/sweep-record';
import { byteSizeFlag } from '../byte-size-flag';
import { cancelOnInterrupt } from '../cancel-on-interrupt';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { createProgressLine } from '../progress-line';
import { schemaFlags } from '../schema-flags';
import { UserError } from '../user-error';

const corpusFlags = schemaFlags(CorpusSettingsSchema);

const help = `Usage: firth sweep --model <model> --corpus FILE --out DIR --grid SETTING=V1,V2,… [--grid …] [options]
       firth sweep --file sweep.json --corpus FILE --out DIR [options]

Trains every point of a grid of settings as an ordinary run folder in DIR, shares the work that
runs have in common (SPPMI-SVD: one co-occurrence count per window/weighting/subsampling, one SVD per
cds α and shift k at the largest d, truncated for smaller d), scores each run on the test sets, and
prints the result table. DIR gets sweep.json (the sweep, where it stands) and results.csv.
Run the same command again to resume a sweep that was stopped: finished runs are kept.

  --model <id>                 ${modelIds.join(' | ')} (repeat for several models)
  --grid <setting>=<values>    Values to try, comma-separated: window=2,5,10  shift-k=1,5,15
                               (names as in firth train <model> --help, or the schema's: shiftK)
  --file <sweep.json>          A sweep file instead of --model and --grid (README: Sweeps)
  --corpus <file>              Corpus: UTF-8 text, .txt or .txt.gz (required)
  --out <folder>               Sweep folder (required); made if missing
  --sets <ids>                 Test sets to score each run on, comma-separated (default: all bundled);
                               --sets none skips scoring
  --yes                        Start a sweep of more than 200 runs
  --backend <name>             auto | gpu | cpu | webasm
  --threads <n>                Worker threads for the cpu backend
  --memory-budget <size>       Memory for co-occurrence counting, e.g. 4G
  --quiet                      No plan and progress lines
  --json                       Print the sweep's status (rows with every score) as JSON

Corpus:
${corpusFlags.help().join('\n')}`;

const camel = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** One grid value from text, as the setting's schema expects it (number, boolean or word). */
function gridValue(raw: string, field: z.ZodType | undefined): GridValue {
  const text = raw.trim();
  if (text === 'true' || text === 'false') return text === 'true';
  if (field && (field.safeParse(1).success || field.safeParse(0).success || field.safeParse(0.5).success) && text !== '') {
    const number = Number(text);
    if (!Number.isFinite(number)) throw new UserError(`--grid: "${text}" is not a number`);
    return number;
  }
  return text;
}

/** --grid flags into each model's grid: a setting goes to every model that has it. */
function specFromFlags(modelNames: string[], grids: string[], sets: string[] | undefined): SweepSpec {
  if (modelNames.length === 0) throw new UserError('--model is required (or --file): the model to sweep');
  for (const name of modelNames) if (!isModelId(name)) throw new UserError(`Unknown model "${name}": choose ${modelIds.join(' or ')}`);
  const ids = [...new Set(modelNames)] as ModelId[];
  const entries = ids.map((model) => ({ model, grid: {} as Record<string, GridValue[]> }));
  for (const flag of grids) {
    const match = /^([A-Za-z][A-Za-z0-9-]*)=(.*)$/.exec(flag);
    if (!match) throw new UserError(`--grid ${flag}: write it as setting=value1,value2 (e.g. window=2,5,10)`);
    const setting = camel(match[1]);
    const holders = entries.filter((entry) => Object.hasOwn(models[entry.model].settings.shape, setting));
    // With one model, a setting it lacks is the planner's error (which lists the model's settings).
    const targets = holders.length > 0 ? holders : entries.length === 1 ? entries : [];
    if (targets.length === 0) throw new UserError(`--grid ${match[1]}: not a setting of ${ids.map((id) => models[id].label).join(' or ')}`);
    const values = match[2] === '' ? [] : match[2].split(',');
    for (const entry of targets) {
      const field = (models[entry.model].settings.shape as Record<string, z.ZodType>)[setting];
      entry.grid[setting] = values.map((value) => gridValue(value, field));
    }
  }
  return SweepSpecSchema.parse({ models: entries, ...(sets ? { sets } : {}) });
}

export const sweepCommand: Command = {
  name: 'sweep',
  async run(args) {
    const { values } = parseCommandArgs(args, {
      model: { type: 'string', multiple: true },
      grid: { type: 'string', multiple: true },
      file: { type: 'string' },
      corpus: { type: 'string' },
      out: { type: 'string' },
      sets: { type: 'string' },
      yes: { type: 'boolean' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      'memory-budget': { type: 'string' },
      quiet: { type: 'boolean' },
      json: { type: 'boolean' },
      ...corpusFlags.options,
    });
    if (values.help) return printHelp(help);
    const list = (name: string) => (values as Record<string, unknown>)[name] as string[] | undefined;
    if (!values.corpus) throw new UserError('--corpus is required: the text file to train on');
    if (!values.out) throw new UserError('--out is required: the sweep folder');
    const sets = values.sets === undefined ? undefined : values.sets === 'none' ? [] : String(values.sets).split(',').map((set) => set.trim()).filter(Boolean);

    let spec: SweepSpec;
    if (values.file !== undefined) {
      if (list('model')?.length || list('grid')?.length) throw new UserError('Give --file or --model and --grid, not both');
      const file = resolve(String(values.file));
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new UserError(`Cannot read the sweep file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      spec = parseSweepSpec(text, file);
      if (sets) spec = { ...spec, sets };
    } else {
      spec = specFromFlags(list('model') ?? [], list('grid') ?? [], sets);
    }
    const corpusOverrides = corpusFlags.read(values);
    if (Object.keys(corpusOverrides).length > 0) spec = { ...spec, corpus: { ...spec.corpus, ...corpusOverrides } };

    const out = resolve(String(values.out));
    const corpusFile = resolve(String(values.corpus));
    const { plan } = prepareSweep(spec, Boolean(values.yes), statSync(corpusFile, { throwIfNoEntry: false })?.size);
    const threads = wholeNumberFlag(values, 'threads');
    const memoryBudgetBytes = byteSizeFlag(values, 'memory-budget');
    const { choice } = pickBackendChoice(values.backend as string | undefined, process.env.FIRTH_BACKEND, 'auto');
    const dataFolder = defaultDataFolder();
    prepareDataFolder(dataFolder);
    makeFolder(corpusCacheFolder(dataFolder));
    removeStaleTemporaries(dirname(out));
    removeStaleTemporaries(out);
    tidyDataFolder(dataFolder);
    if (!values.quiet) process.stderr.write(`${describePlan(plan)}\n`);

    const progress = createProgressLine();
    const cancel = cancelOnInterrupt();
    const started = performance.now();
    try {
      const outcome = await runSweep({
        spec,
        corpusFile,
        folder: out,
        confirmed: Boolean(values.yes),
        backend: choice,
        threads,
        memoryBudgetBytes,
        allowSoftwareAdapter: process.env.FIRTH_ALLOW_SOFTWARE_GPU === '1',
        cacheFolder: corpusCacheFolder(dataFolder),
        trashFolder: trashFolderOf(dataFolder),
        signal: cancel.signal,
        onProgress: values.quiet
          ? undefined
          : (event) => {
              const { sweepRunsDone, sweepRunsTotal, sweepCurrentRun, sweepEtaMs, ...details } = event.details ?? {};
              if (event.phase === 'sweep') return;
              const label = sweepRunsTotal ? `[${Math.min(sweepCurrentRun ?? sweepRunsDone + 1, sweepRunsTotal)}/${sweepRunsTotal}] ${event.phase}` : event.phase;
              progress.report({ ...event, phase: label, details: { ...details, ...(sweepEtaMs !== undefined ? { 'sweep ETA s': Math.round(sweepEtaMs / 1000) } : {}) } });
            },
      });
      progress.finish();
      if (values.json) {
        process.stdout.write(`${JSON.stringify(outcome.status, null, 2)}\n`);
      } else {
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `${formatResultsTable(outcome.status.rows)}\n\n${outcome.status.runsDone} of ${outcome.status.runsTotal} runs done (${outcome.trained.length} trained now, ${formatDuration(seconds * 1000)}): ` +
            `${outcome.work.counts} counts, ${outcome.work.factorisations} SVDs computed\n${join(out, SWEEP_RECORD_FILE)}\n${join(out, RESULTS_FILE)}\n`,
        );
      }
      if (outcome.status.state === 'failed') throw new FirthError('invalid-input', outcome.status.problem ?? 'Some runs failed');
    } finally {
      progress.finish();
      cancel.dispose();
    }
  },
};
