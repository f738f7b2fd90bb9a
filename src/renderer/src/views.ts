/** The views an open project offers; each arrives with a later feature and says which until then. */
export const projectViews = [
  { id: 'corpus', label: 'Corpus', arrivesWith: 'corpus import and tokenization' },
  { id: 'runs', label: 'Runs', arrivesWith: 'SGNS and SPPMI-SVD training runs' },
  { id: 'compare', label: 'Compare', arrivesWith: 'side-by-side model comparison' },
  { id: 'evaluate', label: 'Evaluate', arrivesWith: 'similarity and analogy benchmarks' },
  { id: 'export', label: 'Export', arrivesWith: 'embedding export' },
] as const;

export type ProjectViewId = (typeof projectViews)[number]['id'];
