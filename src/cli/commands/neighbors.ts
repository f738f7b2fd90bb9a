import { pickBackendChoice } from '../../shared/compute';
import { createKernels } from '../../engine/compute/create-kernels';
import { expressionToLists, mostSimilar } from '../../engine/vectors/keyed-queries';
import { parseCommandArgs, printHelp, wholeNumberFlag, type Command } from '../command';
import { loadSource, parseMatrix } from '../load-source';
import { formatScoredWord } from '../query-output';
import { UserError } from '../user-error';

const help = `Usage: firth neighbors RUN_OR_FILE [WORD_OR_EXPRESSION] [--positive W…] [--negative W…] [-k 10] [options]

The nearest words by cosine to a word, or to an expression such as "king - man + woman", as
gensim's KeyedVectors.most_similar answers: the mean of the words' unit vectors, the input words
left out. --positive and --negative take gensim's two lists (repeat the flag, or separate words
with commas) and add to the expression's words.

  -k <n>              How many neighbours (default 10)
  --positive <words>  Words to add (gensim's positive=)
  --negative <words>  Words to subtract (gensim's negative=)
  --3cosmul           Rank by 3CosMul (gensim's most_similar_cosmul) instead of the cosine
  --case-sensitive    Match words exactly (default: fold to lower case)
  --restrict <n>      Search only the n most frequent words
  --matrix w|c|w+c    Which vectors of a run folder (default w; GloVe runs: w+c)
  --backend <name>    auto | gpu | cpu | webasm
  --json              Print JSON`;

function wordList(value: unknown): string[] {
  const items = Array.isArray(value) ? (value as string[]) : value === undefined ? [] : [String(value)];
  return items.flatMap((item) => item.split(',')).map((word) => word.trim()).filter((word) => word !== '');
}

export const neighborsCommand: Command = {
  name: 'neighbors',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        k: { type: 'string', short: 'k' },
        positive: { type: 'string', multiple: true },
        negative: { type: 'string', multiple: true },
        '3cosmul': { type: 'boolean' },
        'case-sensitive': { type: 'boolean' },
        restrict: { type: 'string' },
        matrix: { type: 'string' },
        backend: { type: 'string' },
        json: { type: 'boolean' },
      },
      ['source', 'query'],
    );
    if (values.help) return printHelp(help);
    const [source, query] = positionals;
    const positive = wordList(values.positive);
    const negative = wordList(values.negative);
    if (!source || (!query && positive.length === 0 && negative.length === 0)) {
      throw new UserError('Usage: firth neighbors RUN_OR_FILE WORD_OR_EXPRESSION [--positive W…] [--negative W…] [-k 10]');
    }
    const k = wholeNumberFlag(values, 'k') ?? 10;
    const restrict = wholeNumberFlag(values, 'restrict');
    const caseSensitive = Boolean(values['case-sensitive']);
    const method = values['3cosmul'] ? '3cosmul' : 'cosine';
    const loaded = await loadSource(source, parseMatrix(values.matrix as string | undefined), false);
    const fromExpression = query ? expressionToLists(loaded.embedding, query, { restrict, caseSensitive }) : { positive: [], negative: [] };
    const lists = { positive: [...fromExpression.positive, ...positive], negative: [...fromExpression.negative, ...negative] };
    const kernels = await createKernels(pickBackendChoice(values.backend as string | undefined, process.env.FIRTH_BACKEND, 'auto').choice);
    try {
      const result = await mostSimilar(loaded.embedding, lists, k, kernels, { restrict, caseSensitive, method });
      if (values.json) {
        const neighbors = result.neighbors.map(({ word, score, count, zeroVector }) => ({ word, similarity: score, count, zeroVector }));
        process.stdout.write(`${JSON.stringify({ query: query ?? null, method, positive: lists.positive, negative: lists.negative, neighbors }, null, 2)}\n`);
      } else {
        process.stdout.write(`${result.neighbors.map((neighbor, rank) => formatScoredWord(neighbor, rank)).join('\n')}\n`);
      }
    } finally {
      await kernels.dispose();
    }
  },
};
