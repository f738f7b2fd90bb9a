export * from './sppmi';
