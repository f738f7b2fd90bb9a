// MF-SGNS: the SGNS loss over the whole co-occurrence matrix, in strided tiles, full-batch Adam or AdaGrad.

export { trainMfSgns, capVocabulary, type MfSgnsInput, type MfSgnsResult, type MfSgnsOptions } from './train-mf-sgns';
export { mfSgnsTrainer } from './mf-sgns-trainer';
export { sgnsMatrixPass, type SgnsMatrixProblem } from './sgns-matrix-pass';
export { stridedLayout, tileCells, toShardOrder, toWordOrder } from './strided-tiles';
