import { doesntMatch } from '../../engine/vectors/keyed-queries';
import { parseCommandArgs, printHelp, type Command } from '../command';
import { loadSource, parseMatrix } from '../load-source';
import { UserError } from '../user-error';

const help = `Usage: firth doesnt-match RUN_OR_FILE WORD WORD WORD… [options]

The word that fits least with the others (gensim's KeyedVectors.doesnt_match): the one farthest
from the mean of the words' unit vectors. Unknown words are left out and named on stderr.

  --case-sensitive    Match words exactly (default: fold to lower case)
  --matrix w|c|w+c    Which vectors of a run folder (default w)
  --json              Print JSON (the odd word and every word's cosine with the mean)`;

export const doesntMatchCommand: Command = {
  name: 'doesnt-match',
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { 'case-sensitive': { type: 'boolean' }, matrix: { type: 'string' }, json: { type: 'boolean' } }, ['source', ...Array.from({ length: 1000 }, (_, index) => `word${index}`)]);
    if (values.help) return printHelp(help);
    const [source, ...words] = positionals;
    if (!source || words.length < 2) throw new UserError('Usage: firth doesnt-match RUN_OR_FILE WORD WORD WORD… (at least two words)');
    const loaded = await loadSource(source, parseMatrix(values.matrix as string | undefined), false);
    const result = doesntMatch(loaded.embedding, words, { caseSensitive: Boolean(values['case-sensitive']) });
    if (result.unknown.length > 0) process.stderr.write(`Not in the vocabulary, left out: ${result.unknown.map((word) => `"${word}"`).join(', ')}\n`);
    if (values.json) {
      const ranking = result.ranking.map(({ word, score, zeroVector }) => ({ word, similarity: score, zeroVector }));
      process.stdout.write(`${JSON.stringify({ word: result.word, ranking, unknown: result.unknown }, null, 2)}\n`);
    } else {
      process.stdout.write(`${result.word}\n`);
    }
  },
};
