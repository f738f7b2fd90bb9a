import { readFileSync } from 'node:fs';
import { checkRegularFile } from '../../engine/io/regular-file';
import { join } from 'node:path';
import { FirthError } from '../../shared/errors';
import { PROJECT_SCHEMA_VERSION, ProjectFileSchema, type ProjectFile } from '../../shared/project';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { fileSystemError } from '../fs-errors';

export const PROJECT_FILE_NAME = 'project.json';

export function projectFilePath(folder: string): string {
  return join(folder, PROJECT_FILE_NAME);
}

/** Reads and validates a project.json; every failure names the file, and the line or field. */
export function readProjectFile(folder: string): ProjectFile {
  const file = projectFilePath(folder);
  let text: string;
  try {
    checkRegularFile(file, 'a project file');
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
  if (typeof version === 'number' && version > PROJECT_SCHEMA_VERSION) {
    throw new FirthError(
      'unsupported-version',
      `${file} was written by a newer Firth (project schema version ${version}; this version reads up to ${PROJECT_SCHEMA_VERSION}). Update Firth to open it.`,
      { file, field: 'schemaVersion' },
    );
  }
  const parsed = ProjectFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'project';
    throw new FirthError('corrupt-file', `${file}: field "${field}": ${issue?.message ?? 'invalid'}`, { file, field });
  }
  return parsed.data;
}

export function writeProjectFile(folder: string, project: ProjectFile): void {
  const file = projectFilePath(folder);
  try {
    writeFileAtomic(file, `${JSON.stringify(project, null, 2)}\n`);
  } catch (error) {
    throw fileSystemError(error, 'write', file);
  }
}

/** V8 reports a character position; people want a line number. */
function lineOfJsonError(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return text.slice(0, Number(position)).split('\n').length;
  const lineColumn = /line (\d+)/.exec(message)?.[1];
  return lineColumn !== undefined ? Number(lineColumn) : undefined;
}
