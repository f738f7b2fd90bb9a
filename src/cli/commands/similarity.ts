import { wordSimilarity } from '../../engine/vectors/keyed-queries';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { loadSource, parseMatrix } from '../load-source';
import { UserError } from '../user-error';

const help = `Usage: firth similarity RUN_OR_FILE WORD1 WORD2 [options]

The cosine similarity of two words (gensim's KeyedVectors.similarity).

  --case-sensitive    Match words exactly (default: fold to lower case)
  --matrix w|c|w+c    Which vectors of a run folder (default w)
  --json              Print JSON`;

export const similarityCommand: Command = {
  name: 'similarity',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { 'case-sensitive': { type: 'boolean' }, matrix: { type: 'string' }, json: { type: 'boolean' } },
      ['source', 'first', 'second'],
    );
    if (values.help) return printHelp(help);
    const [source, first, second] = positionals;
    if (!source || !first || !second) throw new UserError('Usage: firth similarity RUN_OR_FILE WORD1 WORD2');
    const loaded = await loadSource(source, parseMatrix(values.matrix as string | undefined), false);
    const result = wordSimilarity(loaded.embedding, first, second, { caseSensitive: Boolean(values['case-sensitive']) });
    if (values.json) {
      const zeroVector = result.words.filter((word) => word.zeroVector).map((word) => word.word);
      process.stdout.write(`${JSON.stringify({ words: [first, second], similarity: result.similarity, zeroVector }, null, 2)}\n`);
    } else {
      const warning = result.words.filter((word) => word.zeroVector).map((word) => `  ("${word.word}" has an all-zero vector)`).join('');
      process.stdout.write(`${result.similarity.toFixed(4)}${warning}\n`);
    }
  },
};
