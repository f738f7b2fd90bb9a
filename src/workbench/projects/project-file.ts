import { join } from 'node:path';
import { PROJECT_SCHEMA_VERSION, ProjectFileSchema, type ProjectFile } from '../../shared/project';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { fileSystemError } from '../../engine/io/file-errors';
import { readVersionedJson } from '../../engine/formats/versioned-json';

export const PROJECT_FILE_NAME = 'project.json';

export function projectFilePath(folder: string): string {
  return join(folder, PROJECT_FILE_NAME);
}

/** Reads and validates a project.json; every failure names the file, and the line or field. */
export function readProjectFile(folder: string): ProjectFile {
  return readVersionedJson(projectFilePath(folder), ProjectFileSchema, { name: 'project', version: PROJECT_SCHEMA_VERSION });
}

export function writeProjectFile(folder: string, project: ProjectFile): void {
  const file = projectFilePath(folder);
  try {
    writeFileAtomic(file, `${JSON.stringify(project, null, 2)}\n`);
  } catch (error) {
    throw fileSystemError(error, 'write', file);
  }
}
