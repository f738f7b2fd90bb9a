export * from './cooccurrence-matrix';
export * from './cooccurrence-options';
export * from './count';
export * from './subsample';
export * from './window-weights';
