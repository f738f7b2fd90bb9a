import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { FirthError } from '../../shared/errors';
import { fileSystemError } from '../io/file-errors';
import { checkRegularFile } from '../io/regular-file';

export interface VersionedJsonKind {
  /** What the file holds, for messages: "project", "run". */
  name: string;
  /** The newest schemaVersion this Firth writes and reads; a file without one is older and opens. */
  version: number;
}

/**
 * Reads a JSON file that carries a `schemaVersion` (project.json, run.json) and checks it against its
 * schema. Every failure names the file, and the line or field: not JSON, written by a newer Firth, or
 * a field the schema refuses.
 */
export function readVersionedJson<S extends z.ZodType>(file: string, schema: S, kind: VersionedJsonKind): z.output<S> {
  let text: string;
  try {
    checkRegularFile(file, `a ${kind.name} record`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const line = lineOfJsonError(text, (error as Error).message);
    throw new FirthError('corrupt-file', `${file} is not valid JSON (${(error as Error).message})`, line ? { file, line } : { file });
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > kind.version) {
    throw new FirthError(
      'unsupported-version',
      `${file} was written by a newer Firth (${kind.name} schema version ${version}; this version reads up to ${kind.version}). Update Firth to open it.`,
      { file, field: 'schemaVersion' },
    );
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || kind.name;
    throw new FirthError('corrupt-file', `${file}: field "${field}": ${issue?.message ?? 'invalid'}`, { file, field });
  }
  return parsed.data;
}

/** V8 reports a character position; people want a line number. */
function lineOfJsonError(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return text.slice(0, Number(position)).split('\n').length;
  const lineColumn = /line (\d+)/.exec(message)?.[1];
  return lineColumn !== undefined ? Number(lineColumn) : undefined;
}
