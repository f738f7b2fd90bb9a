import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * A hidden name beside `target` for writing it before the rename into place. Unique across
 * processes and across the worker threads of one process (they share a pid and may start in the
 * same millisecond: two theorem workers preparing one corpus cache did).
 */
export function temporaryNameFor(target: string, suffix = '.tmp'): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.${randomBytes(4).toString('hex')}${suffix}`);
}
