import { pickBackendChoice } from '../../shared/compute';
import { evaluateEmbedding, type EvaluationReport } from '../../workbench/evaluation/evaluate-embedding';
import { bundledTestSets } from '../../engine/evaluation';
import { cancelOnInterrupt } from '../cancel-on-interrupt';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { loadSource, parseMatrix } from '../load-source';
import { createProgressLine } from '../progress-line';
import { UserError } from '../user-error';

const help = `Usage: firth eval RUN_OR_FILE [options]

Scores a run folder or a vector file (word2vec text/binary, GloVe, .npy + vocab.txt) on word
similarity (Spearman rho) and analogies (3CosAdd, 3CosMul), hyperwords protocol: unit vectors,
lowercased test words, pairs with unknown words skipped and reported as coverage.

  --sets <ids>          Comma-separated bundled sets (default: all): ${bundledTestSets.map((set) => set.id).join(', ')}
  --file <path>         Your own test set (repeatable): "w1 w2 score" or "a b c d" lines
  --restrict <n>        Only the n most frequent words (word2vec used 30000)
  --oov skip|zero       Unknown pairs: skip (gensim, default) or count with similarity 0 (hyperwords)
  --matrix w|c|w+c      Which vectors of a run folder (default w; GloVe runs: w+c)
  --skip-invalid        Load the rest of a vector file with invalid records
  --backend <name>      auto | gpu | cpu | webasm
  --json                Print JSON
  --quiet               No progress line (on stderr)

Ctrl+C stops it (exit status 130).`;

export const evalCommand: Command = {
  name: 'eval',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        sets: { type: 'string' },
        file: { type: 'string', multiple: true },
        restrict: { type: 'string' },
        oov: { type: 'string' },
        matrix: { type: 'string' },
        'skip-invalid': { type: 'boolean' },
        backend: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      ['source'],
    );
    if (values.help) return printHelp(help);
    const [source] = positionals;
    if (!source) throw new UserError('Name the run folder or vector file to evaluate (see firth eval --help)');
    const restrict = wholeNumberFlag(values, 'restrict');
    const oov = values.oov ?? 'skip';
    if (oov !== 'skip' && oov !== 'zero') throw new UserError(`--oov must be skip or zero (got "${oov}")`);
    const { choice } = pickBackendChoice(values.backend as string | undefined, process.env.FIRTH_BACKEND, 'auto');
    const progress = createProgressLine();
    const onProgress = values.quiet ? undefined : progress.report;
    const cancel = cancelOnInterrupt();
    try {
      const loaded = await loadSource(source, parseMatrix(values.matrix as string | undefined), Boolean(values['skip-invalid']), { signal: cancel.signal, onProgress });
      const report = await evaluateEmbedding({
        embedding: loaded.embedding,
        sets: typeof values.sets === 'string' ? values.sets.split(',').map((id) => id.trim()).filter(Boolean) : undefined,
        files: values.file as unknown as string[] | undefined,
        restrict,
        oov,
        backend: choice,
        signal: cancel.signal,
        onProgress,
      });
      progress.finish();
      for (const problem of report.problems.slice(0, 20)) process.stderr.write(`${problem.set} line ${problem.line}: ${problem.reason} (skipped)\n`);
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, loaded.embedding.words.length));
    } finally {
      progress.finish();
      cancel.dispose();
    }
  },
};

function formatReport(report: EvaluationReport, vocabularySize: number): string {
  const header = ['set', 'metric', 'score', '95% CI', 'coverage'];
  const rows = report.rows.map((row) => [
    row.set,
    row.metric,
    formatScore(row.score),
    row.ci95 && Number.isFinite(row.ci95[0]) && Number.isFinite(row.ci95[1]) ? `${row.ci95[0].toFixed(3)}–${row.ci95[1].toFixed(3)}` : '',
    `${row.covered}/${row.total}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  const undefinedScores = report.rows.some((row) => !Number.isFinite(row.score));
  const note = undefinedScores ? ['n/a: no score (fewer than two covered pairs, or every similarity or rating equal)'] : [];
  return [line(header), ...rows.map(line), '', ...note, `${vocabularySize} words; backend ${report.backend}`, ''].join('\n');
}

/** A score that does not exist (Spearman over fewer than two pairs) is said so, never printed as NaN. */
function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(3) : 'n/a';
}
