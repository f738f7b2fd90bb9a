import type { SystemInfo } from '@shared/system-info';

/** What the status bar says about compute: the backend kernels run on and its adapter. */
export function backendSummary(info: SystemInfo): { text: string; warning: string | undefined } {
  const active = info.backends.find((backend) => backend.name === info.activeBackend);
  const text = active ? `Backend: ${active.name} · ${active.adapter}` : info.activeBackend ? `Backend: ${info.activeBackend}` : 'Backend: none';
  return { text, warning: info.backendError };
}

/** Why this backend: "auto (setting)", "cpu (FIRTH_BACKEND)", "gpu (--backend)". */
export function backendChoiceSummary(info: SystemInfo): string {
  const source = { flag: '--backend', environment: 'FIRTH_BACKEND', setting: 'setting' }[info.backendChoiceSource];
  return `Chosen: ${info.backendChoice} (${source})`;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO timestamp from project.json in the reader's locale; the raw text if it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}
