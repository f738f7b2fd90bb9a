import { dirname, resolve } from 'node:path';
import { removeStaleTemporaries } from '../../engine/io/stale-temporaries';
import { makeFolder } from '../../engine/io/make-folder';
import { pickBackendChoice } from '../../shared/compute';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { isModelId, modelIds, models, type ModelId } from '../../shared/models';
import { defaultDataFolder, prepareDataFolder, tidyDataFolder, trashFolderOf } from '../../workbench/data-folder';
import { corpusCacheFolder } from '../../workbench/runs/run-inputs';
import { runTraining } from '../../workbench/runs/train-run';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { createProgressLine } from '../progress-line';
import { schemaFlags } from '../schema-flags';
import { UserError } from '../user-error';
import { cancelOnInterrupt } from '../cancel-on-interrupt';
import { byteSizeFlag } from '../byte-size-flag';
import { formatRunSummary } from '../run-summary';

const corpusFlags = schemaFlags(CorpusSettingsSchema);

const commonOptions = {
  corpus: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  'memory-budget': { type: 'string' },
  quiet: { type: 'boolean' },
  // word2vec's and the issue tracker's spelling of --dimensions.
  dims: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const commonHelp = [
  '  --corpus <file>              Corpus: UTF-8 text, .txt or .txt.gz (required)',
  '  --out <folder>               Run folder to create (required)',
  '  --force                      Replace --out if it is an earlier run (it goes to the trash)',
  '  --backend <name>             auto | gpu | cpu | webasm (default: setting or FIRTH_BACKEND)',
  '  --threads <n>                Worker threads for the cpu backend (default: one per core)',
  '  --memory-budget <size>       Memory for co-occurrence counting, e.g. 4G; beyond it counts spill',
  '                               to temporary files (default: half the free memory)',
  '  --dims <n>                   Same as --dimensions',
  '  --quiet                      No progress line',
  '  --json                       Print run.json when done',
];

export const trainCommand: Command = {
  name: 'train',
  async run(args) {
    const [model, ...rest] = args;
    if (isModelId(model)) return train(model, rest);
    if (model === undefined || model === '--help' || model === '-h') {
      const list = modelIds.map((id) => `  ${id.padEnd(11)} ${models[id].summary}`);
      return printHelp(['Usage: firth train <model> --corpus FILE --out DIR [options]', '', 'Models:', ...list, '', 'firth train <model> --help lists the options.'].join('\n'));
    }
    if (model.startsWith('-')) throw new UserError(`A model is missing: firth train ${modelIds.join('|')} ${args.join(' ')}`);
    throw new UserError(`Unknown model "${model}": choose ${modelIds.join(' or ')}`);
  },
};

async function train(name: ModelId, args: string[]): Promise<void> {
  const model = models[name];
  const modelFlags = schemaFlags(model.settings);
  const { values } = parseCommandArgs(args, { ...commonOptions, ...corpusFlags.options, ...modelFlags.options });
  if (values.help) {
    return printHelp(
      [`Usage: firth train ${name} --corpus FILE --out DIR [options]`, '', ...commonHelp, '', 'Corpus:', ...corpusFlags.help(), '', `${model.label} (${model.summary}):`, ...modelFlags.help()].join('\n'),
    );
  }
  if (!values.corpus) throw new UserError('--corpus is required: the text file to train on');
  if (!values.out) throw new UserError('--out is required: the run folder to create');
  const corpus = corpusFlags.read(values);
  if (values.dims !== undefined) {
    if (values.dimensions !== undefined) throw new UserError('Give --dims or --dimensions, not both');
    values.dimensions = values.dims;
  }
  const settings = modelFlags.read(values);
  const threads = wholeNumberFlag(values, 'threads');
  const memoryBudgetBytes = byteSizeFlag(values, 'memory-budget');
  const { choice } = pickBackendChoice(values.backend as string | undefined, process.env.FIRTH_BACKEND, 'auto');
  const dataFolder = defaultDataFolder();
  prepareDataFolder(dataFolder);
  makeFolder(corpusCacheFolder(dataFolder));

  // What a killed earlier run left beside --out is tidied first (an interrupted run stays listed).
  removeStaleTemporaries(dirname(resolve(values.out as string)));
  tidyDataFolder(dataFolder);
  const progress = createProgressLine();
  const cancel = cancelOnInterrupt();
  try {
    const record = await runTraining({
      model: name,
      corpusFile: resolve(values.corpus as string),
      out: resolve(values.out as string),
      force: Boolean(values.force),
      corpus,
      settings,
      backend: choice,
      threads,
      memoryBudgetBytes,
      allowSoftwareAdapter: process.env.FIRTH_ALLOW_SOFTWARE_GPU === '1',
      cacheFolder: corpusCacheFolder(dataFolder),
      trashFolder: trashFolderOf(dataFolder),
      signal: cancel.signal,
      onProgress: values.quiet ? undefined : progress.report,
    });
    progress.finish();
    process.stdout.write(values.json ? `${JSON.stringify(record, null, 2)}\n` : formatRunSummary(record, resolve(values.out as string)));
  } finally {
    progress.finish();
    cancel.dispose();
  }
}
