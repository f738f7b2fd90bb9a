// Skip-gram with negative sampling, as word2vec.c trains it. trainSgns runs the WebAssembly SIMD loop
// (src/engine/compute/cpu/sgns.wat) on worker threads over shared memory (Hogwild); referenceSgns is
// the same algorithm in plain TypeScript, bit-identical to a one-thread trainSgns run, for tests.

export { trainSgns } from './train-sgns';
export { referenceSgns, type ReferenceSgnsResult } from './reference-sgns';
export { referenceBatchedSgns } from './reference-batched-sgns';
export { sgnsDefaults, sgnsVocabularyDefaults, validateSgnsOptions, validateEncodedCorpus } from './options';
export { learningRateAt, keepProbability } from './schedule';
export { buildNoiseTable, type NoiseTable } from './noise';
export type { EncodedCorpus, SgnsControl, SgnsOptions, SgnsProgress, SgnsResult } from './types';
// Minibatch SGNS in gather form on gpu.js (mode 'webgpu' or 'webasm'); see train-sgns-gpujs.ts.
export { trainSgnsGpujs, defaultBatchPairs, type SgnsGpujsControl } from './train-sgns-gpujs';
export { sgnsTrainer } from './sgns-trainer';
