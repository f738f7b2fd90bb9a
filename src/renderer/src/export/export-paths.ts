export type ExportFormat = 'word2vec-text' | 'word2vec-binary' | 'glove' | 'npy' | 'projector' | 'csv';
export type ExportMatrix = 'w' | 'c' | 'w+c';

export const exportFormats: readonly { id: ExportFormat; label: string; description: string; extension: string | null }[] = [
  { id: 'word2vec-text', label: 'word2vec text', description: 'Header line "rows dimensions", then one word and its vector per line', extension: 'txt' },
  { id: 'word2vec-binary', label: 'word2vec binary', description: 'As word2vec -binary 1 writes: header, then each word and its float32 vector', extension: 'bin' },
  { id: 'glove', label: 'GloVe text', description: 'One word and its vector per line, no header', extension: 'glove.txt' },
  { id: 'npy', label: 'NumPy .npy + vocabulary', description: 'A folder with vectors.npy (float32 rows) and vocab.txt', extension: null },
  { id: 'projector', label: 'TensorFlow Projector', description: 'A folder with tensors.tsv, metadata.tsv, tensors.bytes and projector_config.json for projector.tensorflow.org', extension: null },
  { id: 'csv', label: 'CSV', description: 'A header row, then the word and its components per row', extension: 'csv' },
];

export const matrixLabels: Record<ExportMatrix, string> = { w: 'W (word vectors)', c: 'C (context vectors)', 'w+c': 'W + C' };

/** Whether a format writes a folder of files rather than one file. */
export function writesFolder(format: ExportFormat): boolean {
  return exportFormats.find((candidate) => candidate.id === format)?.extension === null;
}

/**
 * `<project>/exports/<run id>.<ext>`, or the folder `<project>/exports/<run id>-<format>` for
 * formats that write several files; in the project folder's own separator (the renderer has no
 * `node:path`, and a Windows host hands out backslashed paths).
 */
export function defaultExportPath(projectFolder: string, runId: string, format: ExportFormat): string {
  const separator = projectFolder.includes('\\') && !projectFolder.includes('/') ? '\\' : '/';
  const base = projectFolder.endsWith(separator) ? projectFolder.slice(0, -1) : projectFolder;
  const extension = exportFormats.find((candidate) => candidate.id === format)?.extension;
  const name = extension ? `${runId}.${extension}` : `${runId}-${format}`;
  return [base, 'exports', name].join(separator);
}

/** The top-N field: empty means every word; otherwise a whole number ≥ 1. */
export function parseTop(text: string): { value: number | undefined; error: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined, error: null };
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < 1) return { value: undefined, error: 'A whole number of words, 1 or more (empty: every word)' };
  return { value, error: null };
}
