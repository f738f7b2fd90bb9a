// GloVe: weighted least squares on log counts over the non-zero cells, per-cell AdaGrad as glove.c.

export { trainGlove, shuffledCells, initialGloveTables, gloveVectors, type GloveInput, type GloveResult, type GloveOptions } from './train-glove';
export { gloveTrainer } from './glove-trainer';
