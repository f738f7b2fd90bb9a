import type { BackendChoice, BackendInfo } from '@shared/compute';
import { SettingsSchema } from '@shared/settings';

/** One choice of the default backend, as the Settings page offers it. */
export interface BackendOption {
  value: BackendChoice;
  label: string;
  disabled: boolean;
  /** Why an unavailable backend cannot be chosen here. */
  reason: string | undefined;
}

/** `auto` first, then every backend the host probed; unavailable ones are disabled with their reason. */
export function backendOptions(backends: readonly BackendInfo[]): BackendOption[] {
  const auto: BackendOption = { value: 'auto', label: 'auto (gpu when a hardware adapter answers, else cpu)', disabled: false, reason: undefined };
  return [
    auto,
    ...backends.map((backend) => ({
      value: backend.name,
      label: backend.available ? `${backend.name} · ${backend.adapter}` : `${backend.name} (unavailable)`,
      disabled: !backend.available,
      reason: backend.available ? undefined : (backend.reason ?? 'Not available on this machine'),
    })),
  ];
}

/** The threads field's value for the request, or the schema's message. */
export function parseThreads(text: string): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'Required' };
  const result = SettingsSchema.shape.threads.safeParse(Number(trimmed));
  if (!result.success) return { error: result.error.issues[0]?.message ?? 'Invalid value' };
  return { value: result.data };
}

/** What 0 threads means on this machine. */
export function threadsHint(threads: number | undefined, cpuCount: number | undefined): string {
  if (threads === 0) return cpuCount ? `0 = automatic: one per core (${cpuCount} here)` : '0 = automatic: one per core';
  return '0 = automatic (one per core)';
}
