import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import type { MethodParams } from '../../shared/contract';
import { ImportProblems } from '../../engine/formats/import-problems';
import { readWordList } from '../../engine/formats/vocabulary-files';
import { serveTasks, type TaskContext } from '../jobs/task-server';
import { EvidenceReader } from './evidence';

// Evidence off the service's thread: this thread keeps the concordance indexes it opened (the first
// request on a corpus builds one: seconds on a large corpus, with progress, and cancellable) and
// the vocabularies of the runs it was asked about.
const { cacheFolder } = workerData as { cacheFolder: string };
const reader = new EvidenceReader(cacheFolder);

const keptVocabularies = 4;
const vocabularies = new Map<string, Promise<ReadonlySet<string>>>();

/** A run's words (its vocab.tsv), the only contexts it counted. */
function vocabularyOf(folder: string): Promise<ReadonlySet<string>> {
  let words = vocabularies.get(folder);
  if (!words) {
    const file = join(folder, 'vocab.tsv');
    words = readWordList(file, new ImportProblems(file, false), { withCounts: true }).then((list) => new Set(list.words));
    words.catch(() => vocabularies.delete(folder));
    vocabularies.set(folder, words);
    if (vocabularies.size > keptVocabularies) vocabularies.delete(vocabularies.keys().next().value!);
  }
  return words;
}

serveTasks({
  evidence: (input: MethodParams<'exploreEvidence'>, context: TaskContext) => reader.evidence(input, () => vocabularyOf(input.folder), context),
});
