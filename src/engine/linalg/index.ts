// Linear algebra on the compute kernels (sparse matrices are compute/csr.ts): tall-skinny QR, truncated SVD, and the
// word and context vectors made from it.

export { contextVectors, scaleBySingularValues, wordPlusContextVectors, wordVectors, type SvdFactors } from './eigen-weighting';
export { householderQr } from './householder-qr';
export { randomizedSvd, type RandomizedSvdOptions, type SvdProgress, type TruncatedSvd } from './randomized-svd';
export { tallSkinnyQr, type TallSkinnyQr, type TallSkinnyQrOptions } from './tall-skinny-qr';
