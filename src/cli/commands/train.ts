import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pickBackendChoice } from '../../shared/compute';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { SgnsSettingsSchema } from '../../shared/hyperparameters/sgns';
import { SppmiSvdSettingsSchema } from '../../shared/hyperparameters/sppmi-svd';
import { defaultDataFolder } from '../../workbench/data-folder';
import { corpusCacheFolder } from '../../workbench/runs/run-inputs';
import type { RunRequest } from '../../workbench/runs/run-inputs';
import type { RunRecord } from '../../workbench/runs/run-record';
import { runSgns } from '../../workbench/runs/train-sgns';
import { runSppmiSvd } from '../../workbench/runs/train-sppmi-svd';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { createProgressLine } from '../progress-line';
import { schemaFlags } from '../schema-flags';
import { UserError } from '../user-error';
import { cancelOnInterrupt } from '../cancel-on-interrupt';
import { formatRunSummary } from '../run-summary';

const corpusFlags = schemaFlags(CorpusSettingsSchema);
const models = {
  'sppmi-svd': { title: 'SPPMI-SVD', flags: schemaFlags(SppmiSvdSettingsSchema), run: runSppmiSvd },
  sgns: { title: 'SGNS (word2vec skip-gram, negative sampling)', flags: schemaFlags(SgnsSettingsSchema), run: runSgns },
} satisfies Record<string, { title: string; flags: ReturnType<typeof schemaFlags>; run: (request: RunRequest & { settings?: Record<string, unknown> }) => Promise<RunRecord> }>;

const commonOptions = {
  corpus: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  quiet: { type: 'boolean' },
  // word2vec's and the issue tracker's spelling of --dimensions.
  dims: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const commonHelp = [
  '  --corpus <file>              Corpus: UTF-8 text, .txt or .txt.gz (required)',
  '  --out <folder>               Run folder to create (required)',
  '  --force                      Replace --out if it exists',
  '  --backend <name>             auto | gpu | cpu | webasm (default: setting or FIRTH_BACKEND)',
  '  --threads <n>                Worker threads for the cpu backend (default: one per core)',
  '  --dims <n>                   Same as --dimensions',
  '  --quiet                      No progress line',
  '  --json                       Print run.json when done',
];

export const trainCommand: Command = {
  name: 'train',
  async run(args) {
    const [model, ...rest] = args;
    if (model === 'sppmi-svd' || model === 'sgns') return train(model, rest);
    if (model === undefined || model === '--help' || model === '-h') {
      return printHelp(
        'Usage: firth train <model> --corpus FILE --out DIR [options]\n\nModels:\n  sppmi-svd   shifted positive PMI + truncated SVD (Levy & Goldberg)\n  sgns        word2vec skip-gram with negative sampling\n\nfirth train <model> --help lists the options.',
      );
    }
    throw new UserError(`Unknown model "${model}": choose sppmi-svd or sgns`);
  },
};

async function train(name: keyof typeof models, args: string[]): Promise<void> {
  const model = models[name];
  const { values } = parseCommandArgs(args, { ...commonOptions, ...corpusFlags.options, ...model.flags.options });
  if (values.help) {
    return printHelp(
      [`Usage: firth train ${name} --corpus FILE --out DIR [options]`, '', ...commonHelp, '', 'Corpus:', ...corpusFlags.help(), '', `${model.title}:`, ...model.flags.help()].join('\n'),
    );
  }
  if (!values.corpus) throw new UserError('--corpus is required: the text file to train on');
  if (!values.out) throw new UserError('--out is required: the run folder to create');
  const corpus = corpusFlags.read(values);
  if (values.dims !== undefined) {
    if (values.dimensions !== undefined) throw new UserError('Give --dims or --dimensions, not both');
    values.dimensions = values.dims;
  }
  const settings = model.flags.read(values);
  const threads = wholeNumberFlag(values, 'threads');
  const { choice } = pickBackendChoice(values.backend as string | undefined, process.env.FIRTH_BACKEND, 'auto');
  const dataFolder = defaultDataFolder();
  mkdirSync(corpusCacheFolder(dataFolder), { recursive: true });

  const progress = createProgressLine();
  const cancel = cancelOnInterrupt();
  try {
    const record = await model.run({
      corpusFile: resolve(values.corpus as string),
      out: resolve(values.out as string),
      force: Boolean(values.force),
      corpus,
      settings,
      backend: choice,
      threads,
      allowSoftwareAdapter: process.env.FIRTH_ALLOW_SOFTWARE_GPU === '1',
      cacheFolder: corpusCacheFolder(dataFolder),
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
