// Vector files in and out: word2vec text and binary, GloVe text, .npy + vocab.txt, the TensorFlow
// Projector bundle and CSV, plus Firth's own run folders.

export { addMatrices, checkEmbedding, takeTopRows, type Embedding, type MatrixChoice } from './embedding';
export { exportEmbedding, type ExportedFile, type ExportOptions, type ExportProvenance, type ExportResult } from './export-embedding';
export type { SkippedRecord } from './import-problems';
export { embeddingFormats, type EmbeddingFormat, type ImportOptions, type ImportResult } from './import-types';
export { detectEmbeddingFormat, loadEmbedding, type LoadableFormat, type LoadEmbeddingOptions } from './load-embedding';
export { encodeNpyHeader, parseNpyHeader, readNpyMatrix, type NpyHeader, type NpyMatrix } from './npy';
export { readNpyBundle } from './npy-bundle';
export { readProjectorBundle } from './projector';
export { isRunFolder, readRunFolder, runDefaultMatrix } from './run-folder';
export { readCsv } from './csv';
export { readGloveText } from './glove-text';
export { readWord2vecBinary } from './word2vec-binary';
export { readWord2vecText } from './word2vec-text';
export { formatFloat32 } from './text-rows';
export type { TextEncoding } from './text-lines';
