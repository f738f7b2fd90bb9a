import { resolve } from 'node:path';
import { negativeTermLabel, type Theorem } from '../../shared/compare';
import { makeFolder } from '../../engine/io/make-folder';
import { defaultDataFolder, prepareDataFolder } from '../../workbench/data-folder';
import { corpusCacheFolder } from '../../workbench/runs/run-inputs';
import { computeTheorem } from '../../workbench/theorem/run-theorem';
import { cancelOnInterrupt } from '../cancel-on-interrupt';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { createProgressLine } from '../progress-line';
import { UserError } from '../user-error';

const help = `Usage: firth theorem RUN [options]

How close a run comes to the matrix it factorises (Levy & Goldberg 2014: SGNS with k negatives has
its optimum at w·c = PMI_α − log k). The run's own co-occurrence counts are rebuilt with the settings
it trained with; every observed cell's score (w·c; GloVe: w·c + b + b̃ against log N) is set against
its target. Prints Pearson r by count band (cells, r, slope, mean offset), r weighted by the SGNS
cell weight N_ij + k·N_i·P_α(j), the full-matrix SGNS loss of every finished run in the same folder
(on the words they share and the same counts), the weight each loss gives a cell, and what it means.
SPPMI-SVD runs are read as U·Σ^½ against V·Σ^½.

  --loss-words <n>      The loss covers the first n shared words (default 5000, as the app; cost grows as n²)
  --threads <n>         Counting and loss threads (default: one per core)
  --quiet               No progress line
  --json                Print the figures as JSON (what the app's Theorem view shows)`;

export const theoremCommand: Command = {
  name: 'theorem',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { 'loss-words': { type: 'string' }, threads: { type: 'string' }, quiet: { type: 'boolean' }, json: { type: 'boolean' } },
      ['run'],
    );
    if (values.help) return printHelp(help);
    const [run] = positionals;
    if (!run) throw new UserError('Name the run folder (see firth theorem --help)');
    const lossVocabulary = wholeNumberFlag(values, 'loss-words', 10);
    const threads = wholeNumberFlag(values, 'threads');
    const dataFolder = defaultDataFolder();
    prepareDataFolder(dataFolder);
    makeFolder(corpusCacheFolder(dataFolder));
    const progress = createProgressLine();
    const cancel = cancelOnInterrupt();
    try {
      const theorem = await computeTheorem({
        folder: resolve(run),
        lossVocabulary,
        threads,
        cacheFolder: corpusCacheFolder(dataFolder),
        signal: cancel.signal,
        onProgress: values.quiet ? undefined : progress.report,
      });
      progress.finish();
      process.stdout.write(values.json ? `${JSON.stringify(theorem, null, 2)}\n` : formatTheorem(theorem, resolve(run)));
    } finally {
      progress.finish();
      cancel.dispose();
    }
  },
};

const figure = (value: number | null, digits = 3) => (value === null ? 'n/a' : value.toFixed(digits));
const count = (value: number) => value.toLocaleString('en');
const loss = (value: number) => value.toExponential(4);

function table(header: string[], rows: string[][], rightAligned: (column: number) => boolean): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (rightAligned(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatTheorem(theorem: Theorem, folder: string): string {
  const lines: string[] = [];
  const objective = theorem.target === 'shifted-pmi' ? `PMI − log k (k = ${theorem.negatives}, α = ${theorem.alpha})` : 'log N';
  lines.push(`${folder} (${theorem.model}, d ${theorem.dimensions}, ${count(theorem.vocabulary)} words): ${theorem.scoreLabel} against ${objective}`);
  lines.push(`counts: window ${theorem.window}, ${theorem.weighting} weights; ${count(theorem.cells)} observed cells, every one used`);
  lines.push(`Pearson r = ${figure(theorem.pearson)}   weighted by ${theorem.weightLabel}: r = ${figure(theorem.weightedPearson)}`);
  lines.push('');
  const bands = theorem.bands.filter((band) => band.cells > 0);
  lines.push(
    ...table(
      ['count band', 'cells', 'r', 'slope', 'mean offset'],
      bands.map((band) => [band.label, count(band.cells), figure(band.pearson), figure(band.slope), figure(band.meanOffset)]),
      (column) => column > 0,
    ),
  );
  lines.push('');
  const objectiveRun = theorem.loss.objective;
  lines.push(
    `Full-matrix SGNS loss on ${count(theorem.loss.words)} shared words, all ${count(theorem.loss.cells)} cells, counts of ${objectiveRun.id} (window ${objectiveRun.window}, ${objectiveRun.weighting}), k = ${objectiveRun.k}, α = ${objectiveRun.alpha}, ${negativeTermLabel(objectiveRun.negativeTerm)}:`,
  );
  lines.push(
    ...table(
      ['run', 'model', 'd', 'loss', 'observed term', 'negative term'],
      [...theorem.loss.runs]
        .sort((left, right) => left.loss - right.loss)
        .map((run) => [`${run.id}${run.current ? ' *' : ''}`, run.model, String(run.dimensions), loss(run.loss), loss(run.positive), loss(run.negative)]),
      (column) => column > 1,
    ),
  );
  for (const skipped of theorem.loss.skipped) lines.push(`  (left out: ${skipped.id}: ${skipped.reason})`);
  lines.push('');
  lines.push(`The weight each loss gives one observed cell, mean per count bin (GloVe x_max = ${theorem.weights.xMax}):`);
  lines.push(
    ...table(
      ['N from', 'cells', 'SGNS N+N⁻', 'SVD on SPPMI', 'GloVe f(N)'],
      theorem.weights.low.map((low, index) => [
        String(low),
        count(theorem.weights.cells[index]),
        theorem.weights.sgns[index].toPrecision(3),
        theorem.weights.svd[index].toFixed(2),
        theorem.weights.glove[index].toFixed(3),
      ]),
      () => true,
    ),
  );
  if (theorem.spectrum) lines.push('', `SPPMI energy kept by the ${theorem.spectrum.singularValues.length} singular values: ${(theorem.spectrum.energy * 100).toFixed(1)} %`);
  lines.push('', theorem.sentence, '');
  return lines.join('\n');
}
