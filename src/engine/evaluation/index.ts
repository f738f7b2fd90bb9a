// Scoring embeddings: word similarity (Spearman ρ), analogies (3CosAdd, 3CosMul) and nearest
// neighbours, with coverage and seeded bootstrap intervals.

export { evaluateAnalogy, type AccuracyScore, type AnalogyMethod, type AnalogyMethodResult, type AnalogyOptions, type AnalogyResult, type SectionScore } from './analogy';
export { googleSections, parseAnalogySet, sectionGroups, type AnalogyQuestion, type AnalogySet, type ParseAnalogyOptions } from './analogy-set';
export { defaultBootstrap, proportionInterval, type BootstrapOptions, type Interval } from './bootstrap';
export { bundledTestSetPath, bundledTestSets, findBundledTestSet, type BundledTestSet } from './catalog';
export { averageRanks, pearson, spearman } from './correlation';
export { parseExpression, type ExpressionTerm } from './expression';
export { nearestNeighbors, nearestNeighborsOfWords, resolveQuery, type Neighbor, type NeighborOptions, type NeighborResult, type ResolvedTerm } from './neighbors';
export { createRandom, type Random } from './random';
export { readAnalogySet, readSimilaritySet, testSetName } from './read-test-set';
export { evaluateSimilarity, type OutOfVocabularyPair, type OutOfVocabularyPolicy, type SimilarityOptions, type SimilarityResult } from './similarity';
export { parseSimilaritySet, type SimilarityPair, type SimilaritySet } from './similarity-set';
export type { LineProblem } from './test-set-lines';
export { unitVectors } from './unit-vectors';
