import { isModelId, models, type ResultSummary } from '@shared/models';
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
  for (const shown of isModelId(record.model) ? models[record.model].results : []) {
    const value = formatResult(results[shown.result], shown.format);
    if (value !== null) items.push({ label: shown.label, value });
  }
  return items;
}

function formatResult(value: unknown, format: ResultSummary['format']): string | null {
  if (format === 'values') {
    return Array.isArray(value) ? value.filter(isNumber).slice(0, 5).map((item) => item.toFixed(1)).join(', ') : null;
  }
  if (!isNumber(value)) return null;
  if (format === 'rate') return `${formatQuantity(value)} words/s`;
  if (format === 'loss') return value.toFixed(4);
  return formatQuantity(value);
}
