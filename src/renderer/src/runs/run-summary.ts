import { formatDuration, formatQuantity } from '@shared/progress';

/** One line of a finished run's summary. */
export interface SummaryItem {
  label: string;
  value: string;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const asRecord = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** The figures worth a glance from run.json: time, backend and the model's key results. */
export function summarizeRunRecord(record: Record<string, unknown>): SummaryItem[] {
  const items: SummaryItem[] = [];
  const total = asRecord(record.timingsMs).total;
  if (isNumber(total)) items.push({ label: 'Time', value: total < 10_000 ? `${(total / 1000).toFixed(1)}s` : formatDuration(total) });
  const backend = asRecord(record.backend);
  if (typeof backend.name === 'string') {
    items.push({ label: 'Backend', value: typeof backend.adapter === 'string' ? `${backend.name} · ${backend.adapter}` : backend.name });
  }
  if (isNumber(record.vocabularySize)) items.push({ label: 'Vocabulary', value: formatQuantity(record.vocabularySize) });
  const results = asRecord(record.results);
  if (record.model === 'sppmi-svd') {
    if (isNumber(results.sppmiNonZeros)) items.push({ label: 'Non-zeros', value: formatQuantity(results.sppmiNonZeros) });
    if (Array.isArray(results.topSingularValues)) {
      const values = results.topSingularValues.filter(isNumber).slice(0, 5);
      items.push({ label: 'Top singular values', value: values.map((value) => value.toFixed(1)).join(', ') });
    }
  } else if (record.model === 'sgns') {
    if (isNumber(results.wordsPerSecond)) items.push({ label: 'Speed', value: `${formatQuantity(results.wordsPerSecond)} words/s` });
    if (isNumber(results.finalLoss)) items.push({ label: 'Final loss', value: results.finalLoss.toFixed(4) });
  }
  return items;
}
