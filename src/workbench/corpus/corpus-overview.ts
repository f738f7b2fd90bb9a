import { existsSync } from 'node:fs';
import type { CorpusOverview } from '../../shared/runs';
import type { ProjectCorpus } from '../../shared/project';
import { FirthError } from '../../shared/errors';
import { CorpusSettingsSchema } from '../../shared/hyperparameters/corpus';
import { loadOrBuildCorpus } from '../../engine/corpus/corpus-cache';
import { bundledTestSetPath, bundledTestSets, readAnalogySet, readSimilaritySet } from '../../engine/evaluation';
import { testSetsFolder } from '../resources-folder';
import type { LongWorkOptions } from '../../engine/long-work';
import { punctuatedTokens, punctuationWarningShare } from '../../engine/corpus/punctuation';

const topWordCount = 100;
const zipfPoints = 120;

/** What the Corpus view shows: statistics, top words, the Zipf curve, and test-set coverage. */
export async function corpusOverview(corpus: ProjectCorpus | undefined, cacheFolder: string, work: LongWorkOptions = {}): Promise<CorpusOverview> {
  if (!corpus) throw new FirthError('invalid-input', 'This project has no corpus yet: choose a corpus file first', { field: 'corpus' });
  if (!existsSync(corpus.file)) {
    throw new FirthError('not-found', `The corpus file ${corpus.file} is gone (moved or deleted): choose it again or pick another`, { file: corpus.file, field: 'corpus.file' });
  }
  const prepared = await loadOrBuildCorpus(corpus.file, CorpusSettingsSchema.parse(corpus.settings ?? {}), cacheFolder, { signal: work.signal, onProgress: work.onProgress });
  if (corpus.sha256 && prepared.statistics.sha256 !== corpus.sha256) {
    throw new FirthError(
      'corrupt-file',
      `The corpus file ${corpus.file} has changed since it was imported (SHA-256 ${corpus.sha256.slice(0, 12)}…, now ${prepared.statistics.sha256.slice(0, 12)}…): re-import it to use the new content`,
      { file: corpus.file, field: 'corpus.file' },
    );
  }
  const { words, counts, index } = prepared.vocabulary;
  const punctuation = punctuatedTokens(words, counts);
  return {
    statistics: prepared.statistics,
    topWords: words.slice(0, topWordCount).map((word, rank) => ({ word, count: counts[rank] })),
    zipf: logSpacedRanks(words.length, zipfPoints).map((rank) => ({ rank, count: counts[rank - 1] })),
    coverage: await testSetCoverage((word) => index.has(word.toLowerCase())),
    punctuation: { share: punctuation.share, examples: punctuation.examples, warn: punctuation.share > punctuationWarningShare },
  };
}

/** Ranks 1..n at roughly even steps of log(rank), each once: enough points for a smooth log-log plot. */
export function logSpacedRanks(n: number, points: number): number[] {
  if (n === 0) return [];
  const ranks = new Set<number>();
  for (let step = 0; step < points; step++) ranks.add(Math.round(Math.exp((Math.log(n) * step) / Math.max(1, points - 1))));
  ranks.add(n);
  return [...ranks].filter((rank) => rank >= 1 && rank <= n).sort((a, b) => a - b);
}

/** Items of each bundled set whose words are all in the vocabulary (as the evaluation would see). */
async function testSetCoverage(known: (word: string) => boolean): Promise<CorpusOverview['coverage']> {
  const folder = testSetsFolder();
  return Promise.all(
    bundledTestSets.map(async (set) => {
      const file = bundledTestSetPath(folder, set.id);
      const items: string[][] =
        set.kind === 'similarity'
          ? (await readSimilaritySet(file)).pairs.map((pair) => [pair.word1, pair.word2])
          : (await readAnalogySet(file)).questions.map((question) => [question.a, question.b, question.c, question.d]);
      return { id: set.id, name: set.name, kind: set.kind, covered: items.filter((words) => words.every(known)).length, total: items.length };
    }),
  );
}
