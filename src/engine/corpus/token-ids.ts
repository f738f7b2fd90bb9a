// The two negative ids of a token stream. Word ids (and the scan's type ids) are ≥ 0.

/** In an encoded corpus, a token whose word is not in the vocabulary. */
export const outOfVocabulary = -1;
/** In a token stream (type ids or word ids), the end of a sentence: a line, when lines are sentences. */
export const sentenceEnd = -2;
