// The corpus as vocabulary ids: what co-occurrence counting and SGNS iterate over. Words outside the
// vocabulary stay in place as `outOfVocabulary`, because hyperwords' default ("clean") lets them hold
// their window positions; a consumer that wants them gone ("dirty", word2vec) skips them itself.

import type { CorpusScan } from './scan-corpus';
import type { Vocabulary } from './vocabulary';

/** In an encoded corpus, a token whose word is not in the vocabulary. Word ids are ≥ 0. */
export const outOfVocabulary = -1;
/** In a token stream (type ids or word ids), the end of a sentence: a line, when lines are sentences. */
export const sentenceEnd = -2;

/** Maps the scan's type ids to vocabulary ids; sentence ends are kept. */
export function encodeCorpus(scan: Pick<CorpusScan, 'types' | 'typeStream'>, vocabulary: Vocabulary): Int32Array {
  const idOfType = new Int32Array(scan.types.length);
  for (let type = 0; type < scan.types.length; type++) idOfType[type] = vocabulary.index.get(scan.types[type]) ?? outOfVocabulary;
  const stream = scan.typeStream;
  const ids = new Int32Array(stream.length);
  for (let position = 0; position < stream.length; position++) {
    const type = stream[position];
    ids[position] = type === sentenceEnd ? sentenceEnd : idOfType[type];
  }
  return ids;
}
