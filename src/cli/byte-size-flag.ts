import { UserError } from './user-error';

const units: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** A size flag such as `--memory-budget 4G` (K, M, G, T: powers of 1024; a trailing B or iB is allowed), or absent. */
export function byteSizeFlag(values: Record<string, unknown>, flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(String(raw));
  const bytes = match ? Number(match[1]) * units[match[2].toLowerCase()] : Number.NaN;
  if (!(bytes >= 1)) throw new UserError(`--${flag} must be a size such as 512M or 4G (got "${String(raw)}")`);
  return Math.floor(bytes);
}
