/** The views an open project offers, in tab order. */
export const projectViews = [
  { id: 'corpus', label: 'Corpus' },
  { id: 'runs', label: 'Runs' },
  { id: 'explore', label: 'Explore' },
  { id: 'compare', label: 'Compare' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'export', label: 'Export' },
] as const;

export type ProjectViewId = (typeof projectViews)[number]['id'];
