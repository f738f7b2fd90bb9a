import { dirname, resolve } from 'node:path';
import { removeStaleTemporaries } from '../../engine/io/stale-temporaries';
import { exportEmbedding, isRunFolder, runDefaultMatrix, type EmbeddingFormat } from '../../engine/formats';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { exportProvenance } from '../../workbench/runs/run-provenance';
import { loadSource, parseMatrix } from '../load-source';
import { cancelOnInterrupt } from '../cancel-on-interrupt';
import { createProgressLine } from '../progress-line';
import { UserError } from '../user-error';
import { defaultDataFolder, trashFolderOf } from '../../workbench/data-folder';

const formats: EmbeddingFormat[] = ['word2vec-text', 'word2vec-binary', 'glove', 'npy', 'projector', 'csv'];
const aliases: Record<string, EmbeddingFormat> = { word2vec: 'word2vec-text', 'word2vec-bin': 'word2vec-binary' };

const help = `Usage: firth export RUN_OR_FILE --format FORMAT --out PATH [options]

Formats:
  word2vec | word2vec-bin   word2vec text ("count dim" header) / binary; gensim's load_word2vec_format reads both
  glove                     GloVe text (no header)
  npy                       a folder with vectors.npy (float32) + vocab.txt
  projector                 a folder for the TensorFlow Projector: tensors.tsv, metadata.tsv, tensors.bytes, projector_config.json
  csv                       word,d1,…,dn with a header row

  --matrix w|c|w+c          Which vectors of a run folder (default w; GloVe runs: w+c)
  --top <n>                 Only the n most frequent words
  --force                   Replace an earlier export (it goes to the trash); nothing else is ever overwritten
  --skip-invalid            Load the rest of a vector file with invalid records
  --quiet                   No progress line (on stderr)

Every export writes a manifest (corpus hash, settings, seed, Firth version, matrix) beside it.
Files are written under temporary names and put in place together at the end: Ctrl+C (exit
status 130) leaves no file, and an earlier export replaced with --force stays as it was.`;

export const exportCommand: Command = {
  name: 'export',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string' },
        out: { type: 'string' },
        matrix: { type: 'string' },
        top: { type: 'string' },
        force: { type: 'boolean' },
        'skip-invalid': { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      ['source'],
    );
    if (values.help) return printHelp(help);
    const [source] = positionals;
    if (!source) throw new UserError('Name the run folder or vector file to export (see firth export --help)');
    const requested = String(values.format ?? '');
    const format = aliases[requested] ?? (formats.includes(requested as EmbeddingFormat) ? (requested as EmbeddingFormat) : undefined);
    if (!format) throw new UserError(`--format must be one of word2vec, word2vec-bin, glove, npy, projector, csv (got "${requested}")`);
    if (!values.out) throw new UserError('--out is required: the file (or folder, for npy and projector) to write');
    const top = wholeNumberFlag(values, 'top');
    const matrix = parseMatrix(values.matrix as string | undefined) ?? (isRunFolder(resolve(source)) ? runDefaultMatrix(resolve(source)) : 'w');
    // Temporary files a killed earlier export left there are removed first.
    removeStaleTemporaries(dirname(resolve(values.out as string)));
    removeStaleTemporaries(resolve(values.out as string));
    const progress = createProgressLine();
    const onProgress = values.quiet ? undefined : progress.report;
    const cancel = cancelOnInterrupt();
    let result;
    try {
      const loaded = await loadSource(source, matrix, Boolean(values['skip-invalid']), { signal: cancel.signal, onProgress });
      result = await exportEmbedding(loaded.embedding, {
        format,
        out: resolve(values.out as string),
        top,
        force: Boolean(values.force),
        trashFolder: trashFolderOf(defaultDataFolder()),
        manifest: exportProvenance(source, matrix, loaded.format),
        signal: cancel.signal,
        onProgress,
      });
    } finally {
      progress.finish();
      cancel.dispose();
    }
    process.stdout.write(`Exported ${result.rows} words × ${result.dimensions} dimensions as ${format}:\n${result.files.map((file) => `  ${file.path}`).join('\n')}\n`);
  },
};
