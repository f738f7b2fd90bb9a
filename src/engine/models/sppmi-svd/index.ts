// SPPMI-SVD (Levy & Goldberg 2014): counts, shifted positive PMI, truncated SVD.

export { trainSppmiSvd, type SppmiSvdInput, type SppmiSvdResult, type TrainOptions } from './train-sppmi-svd';
export { sppmiSvdTrainer } from './sppmi-svd-trainer';
