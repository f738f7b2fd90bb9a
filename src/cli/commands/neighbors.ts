import { pickBackendChoice } from '../../shared/compute';
import { createKernels } from '../../engine/compute/create-kernels';
import { nearestNeighbors } from '../../engine/evaluation';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { loadSource, parseMatrix } from '../load-source';
import { UserError } from '../user-error';

const help = `Usage: firth neighbors RUN_OR_FILE WORD_OR_EXPRESSION [-k 10] [options]

The nearest words by cosine to a word, or to an expression such as "king - man + woman".

  -k <n>              How many neighbours (default 10)
  --restrict <n>      Search only the n most frequent words
  --matrix w|c|w+c    Which vectors of a run folder (default w; GloVe runs: w+c)
  --backend <name>    auto | gpu | cpu | webasm
  --json              Print JSON`;

export const neighborsCommand: Command = {
  name: 'neighbors',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { k: { type: 'string', short: 'k' }, restrict: { type: 'string' }, matrix: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
      ['source', 'query'],
    );
    if (values.help) return printHelp(help);
    const [source, query] = positionals;
    if (!source || !query) throw new UserError('Usage: firth neighbors RUN_OR_FILE WORD_OR_EXPRESSION [-k 10]');
    const k = wholeNumberFlag(values, 'k') ?? 10;
    const restrict = wholeNumberFlag(values, 'restrict');
    const loaded = await loadSource(source, parseMatrix(values.matrix as string | undefined), false);
    const kernels = await createKernels(pickBackendChoice(values.backend as string | undefined, process.env.FIRTH_BACKEND, 'auto').choice);
    try {
      const result = await nearestNeighbors(loaded.embedding, query, k, kernels, { restrict });
      if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else process.stdout.write(`${result.neighbors.map((neighbor, rank) => `${String(rank + 1).padStart(3)}  ${neighbor.word.padEnd(24)} ${neighbor.similarity.toFixed(4)}`).join('\n')}\n`);
    } finally {
      await kernels.dispose();
    }
  },
};
