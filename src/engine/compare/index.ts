// Comparing two embeddings: pair their words, find neighbours in each, measure how far they agree.

export { allNearestNeighbors } from './nearest-neighbors';
export { neighborOverlap, overlapSweep } from './neighbor-overlap';
export { alignSpaces, type Alignment } from './procrustes';
export { gatherRows, reconcileVocabularies, type ReconcileOptions, type SharedVocabulary } from './shared-vocabulary';
