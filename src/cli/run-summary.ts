import { maxTokenLength } from '../engine/corpus/tokenize';
import type { RunRecord } from '../workbench/runs/run-record';

/** A few lines a person reads after training: what, where, how fast, on which backend. */
export function formatRunSummary(record: RunRecord, folder: string): string {
  const seconds = (milliseconds: number | undefined) => `${((milliseconds ?? 0) / 1000).toFixed(2)} s`;
  const stages = Object.entries(record.timingsMs)
    .filter(([name]) => name !== 'total')
    .map(([name, milliseconds]) => `${name} ${seconds(milliseconds)}`)
    .join(', ');
  const lines = [
    `Trained ${record.model}: ${record.vocabularySize} words × ${record.dimensions} dimensions`,
    `Run folder: ${folder}`,
    `Corpus: ${record.corpus.tokens} tokens, ${record.corpus.keptTokens} kept, sha256 ${record.corpus.sha256.slice(0, 12)}…`,
    ...(record.corpus.longTokensSkipped ? [`Warning: skipped ${record.corpus.longTokensSkipped} tokens longer than ${maxTokenLength} characters`] : []),
    `Backend: ${record.backend.name} (${record.backend.adapter})`,
    `Time: ${seconds(record.timingsMs.total)} (${stages}); peak memory ${(record.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
    ...Object.entries(record.results).map(([name, value]) => `${name}: ${formatResult(value)}`),
  ];
  return `${lines.join('\n')}\n`;
}

function formatResult(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => Number(item).toFixed(3)).join(' ');
  if (value && typeof value === 'object') return Object.entries(value).map(([key, item]) => `${key} ${String(item)}`).join(', ');
  return String(value);
}
