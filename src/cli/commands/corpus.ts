import { resolve } from 'node:path';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { loadOrBuildCorpus } from '../../engine/corpus/corpus-cache';
import { makeFolder } from '../../engine/io/make-folder';
import { defaultDataFolder, prepareDataFolder, tidyDataFolder } from '../../workbench/data-folder';
import { corpusCacheFolder } from '../../workbench/runs/run-inputs';
import { cancelOnInterrupt } from '../cancel-on-interrupt';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { createProgressLine } from '../progress-line';
import { schemaFlags } from '../schema-flags';
import { UserError } from '../user-error';

const corpusFlags = schemaFlags(CorpusSettingsSchema);
const topWords = 10;

const help = () =>
  [
    'Usage: firth corpus FILE [options]',
    '',
    "Imports a corpus as the app's Corpus tab does: reads, tokenizes and counts it into the data folder's",
    'corpus cache, where every later run on the same file and settings finds it, and prints its',
    'statistics. A progress line on stderr shows each stage; Ctrl+C stops it (exit status 130) and',
    'keeps nothing of it.',
    '',
    '  --json                       Print the statistics and the most frequent words as JSON',
    '  --quiet                      No progress line',
    '',
    'Corpus:',
    ...corpusFlags.help(),
  ].join('\n');

export const corpusCommand: Command = {
  name: 'corpus',
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, quiet: { type: 'boolean' }, ...corpusFlags.options }, ['file']);
    if (values.help) return printHelp(help());
    const [file] = positionals;
    if (!file) throw new UserError('Name the corpus file to import (see firth corpus --help)');
    const settings = corpusFlags.read(values);
    const dataFolder = defaultDataFolder();
    prepareDataFolder(dataFolder);
    tidyDataFolder(dataFolder);
    makeFolder(corpusCacheFolder(dataFolder));
    const progress = createProgressLine();
    const cancel = cancelOnInterrupt();
    let prepared;
    try {
      prepared = await loadOrBuildCorpus(resolve(file), settings, corpusCacheFolder(dataFolder), {
        signal: cancel.signal,
        onProgress: values.quiet ? undefined : progress.report,
        separateThread: true,
      });
    } finally {
      progress.finish();
      cancel.dispose();
    }
    const { statistics, vocabulary, fromCache } = prepared;
    const top = vocabulary.words.slice(0, topWords).map((word, rank) => ({ word, count: vocabulary.counts[rank] }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...statistics, fromCache, topWords: top }, null, 2)}\n`);
      return;
    }
    const lines = [
      `${statistics.file}${fromCache ? ' (from the cache)' : ''}`,
      `  SHA-256     ${statistics.sha256}`,
      `  tokens      ${statistics.tokens.toLocaleString('en-US')} (${statistics.keptTokens.toLocaleString('en-US')} kept)`,
      `  types       ${statistics.types.toLocaleString('en-US')}`,
      `  vocabulary  ${statistics.vocabularySize.toLocaleString('en-US')} words`,
      `  sentences   ${statistics.sentences.toLocaleString('en-US')}`,
      `  most frequent: ${top.map(({ word, count }) => `${word} (${count})`).join(', ')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
