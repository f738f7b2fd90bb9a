// The corpus as vocabulary ids: what co-occurrence counting and SGNS iterate over. Words outside the
// vocabulary stay in place as `outOfVocabulary`, because hyperwords' default ("clean") lets them hold
// their window positions; a consumer that wants them gone ("dirty", word2vec) skips them itself.

import type { CorpusScan } from './scan-corpus';
import { outOfVocabulary, sentenceEnd } from './token-ids';
import type { Vocabulary } from './vocabulary';

export { outOfVocabulary, sentenceEnd };

/**
 * Maps the scan's type ids to vocabulary ids, in place: the returned ids are the scan's type stream,
 * overwritten (a large corpus is held once, not twice); sentence ends are kept.
 */
export function encodeCorpus(scan: Pick<CorpusScan, 'types' | 'typeStream'>, vocabulary: Vocabulary): Int32Array {
  const idOfType = new Int32Array(scan.types.length);
  for (let type = 0; type < scan.types.length; type++) idOfType[type] = vocabulary.index.get(scan.types[type]) ?? outOfVocabulary;
  const ids = scan.typeStream.values;
  for (let position = 0; position < ids.length; position++) {
    const type = ids[position];
    ids[position] = type === sentenceEnd ? sentenceEnd : idOfType[type];
  }
  return ids;
}
