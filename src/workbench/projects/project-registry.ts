import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { makeFolder } from '../../engine/io/make-folder';
import { moveToTrash } from '../../engine/io/replace-with-trash';
import { checkProjectName } from './project-name';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { FirthError, serializeError } from '../../shared/errors';
import { PROJECT_SCHEMA_VERSION, type Project, type ProjectEntry, type ProjectFile } from '../../shared/project';
import { fileSystemError } from '../../engine/io/file-errors';
import type { SettingsStore } from '../settings/settings-store';
import { projectFilePath, readProjectFile, writeProjectFile } from './project-file';
import { ProjectLocks } from './project-lock';

/**
 * Projects are folders with a project.json: those under `<data>/projects/` and any other folder the
 * user created or opened (remembered in settings). A project's id is derived from its folder, so a
 * project whose project.json is broken still has an id to list, open (for its error) and delete by.
 */
export class ProjectRegistry {
  readonly projectsFolder: string;
  readonly trashFolder: string;
  readonly locks = new ProjectLocks();

  constructor(
    dataFolder: string,
    private readonly settings: SettingsStore,
  ) {
    this.projectsFolder = join(dataFolder, 'projects');
    this.trashFolder = join(dataFolder, 'trash');
  }

  list(): ProjectEntry[] {
    return this.knownFolders()
      .map((folder) => this.entry(folder))
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }

  create(name: string, folder?: string): Project {
    // Checked before anything is made: a name a folder cannot show would make a project never listed.
    if (!folder) checkProjectName(name);
    const target = folder ? absoluteFolder(folder) : join(this.projectsFolder, name);
    if (existsSync(projectFilePath(target))) {
      throw new FirthError('already-exists', `A project already exists in ${target}`, { file: projectFilePath(target), field: 'folder' });
    }
    if (existsSync(target)) {
      if (!statSync(target).isDirectory()) throw new FirthError('invalid-input', `${target} is a file, not a folder`, { file: target, field: 'folder' });
      if (readdirSync(target).length > 0) {
        throw new FirthError('invalid-input', `${target} is not empty: pick an empty or new folder for the project`, { file: target, field: 'folder' });
      }
    }
    try {
      makeFolder(target);
    } catch (error) {
      throw fileSystemError(error, 'create the project folder', target);
    }
    const now = new Date().toISOString();
    const file = { schemaVersion: PROJECT_SCHEMA_VERSION, name, createdAt: now, updatedAt: now } as const;
    try {
      writeProjectFile(target, file);
    } catch (error) {
      if (readdirSync(target).length === 0) rmSync(target, { recursive: true, force: true });
      throw error;
    }
    if (folder) this.remember(target);
    // A new project is the one the user is working in.
    this.markRecent(projectId(target));
    return { ...file, id: projectId(target), folder: target };
  }

  open(id: string): Project {
    const folder = this.folderOf(id);
    const project = { ...readProjectFile(folder), id, folder };
    this.locks.acquire(folder);
    this.markRecent(id);
    return project;
  }

  /** Newest first: the app reopens the first one that still exists on its next start. */
  markRecent(id: string): void {
    const settings = this.settings.read();
    this.settings.write({ ...settings, recentProjects: [id, ...settings.recentProjects.filter((recent) => recent !== id)].slice(0, 20) });
  }

  /** Reads the project without touching the recent list (for the service's own use). */
  get(id: string): Project {
    const folder = this.folderOf(id);
    return { ...readProjectFile(folder), id, folder };
  }

  /** Rewrites project.json through `change`, atomically, stamping updatedAt. */
  update(id: string, change: (file: ProjectFile) => ProjectFile): Project {
    const folder = this.folderOf(id);
    const next = { ...change(readProjectFile(folder)), updatedAt: new Date().toISOString() };
    writeProjectFile(folder, next);
    return { ...next, id, folder };
  }

  /** Moves the project folder into the trash folder: deleting never destroys a user's files. */
  delete(id: string): { id: string; trashedTo: string } {
    const folder = this.folderOf(id);
    // Never pull a project away from another Firth that has it open.
    this.locks.acquire(folder);
    this.locks.release(folder);
    let trashedTo: string;
    try {
      trashedTo = moveToTrash(folder, this.trashFolder);
    } catch (error) {
      throw fileSystemError(error, 'move the project to the trash', folder);
    }
    const settings = this.settings.read();
    this.settings.write({
      ...settings,
      projectFolders: settings.projectFolders.filter((known) => resolve(known) !== folder),
      recentProjects: settings.recentProjects.filter((recent) => recent !== id),
    });
    return { id, trashedTo };
  }

  private folderOf(id: string): string {
    const folder = this.knownFolders().find((candidate) => projectId(candidate) === id);
    if (!folder) throw new FirthError('not-found', `No project with id ${id}: it may have been deleted or moved`, { field: 'id' });
    return folder;
  }

  private knownFolders(): string[] {
    const inData = existsSync(this.projectsFolder)
      ? readdirSync(this.projectsFolder, { withFileTypes: true })
          .filter((item) => item.isDirectory() && !item.name.startsWith('.'))
          .map((item) => join(this.projectsFolder, item.name))
          .filter((folder) => existsSync(projectFilePath(folder)))
      : [];
    const remembered = this.settings.read().projectFolders.map((folder) => resolve(folder));
    return [...new Set([...inData, ...remembered])];
  }

  private remember(folder: string): void {
    const settings = this.settings.read();
    if (!settings.projectFolders.includes(folder)) this.settings.write({ ...settings, projectFolders: [...settings.projectFolders, folder] });
  }

  private entry(folder: string): ProjectEntry {
    const id = projectId(folder);
    try {
      return { status: 'ok', project: { ...readProjectFile(folder), id, folder } };
    } catch (error) {
      return { status: 'error', id, folder, error: serializeError(error) };
    }
  }
}

export function projectId(folder: string): string {
  let canonical = resolve(folder);
  try {
    canonical = realpathSync(canonical);
  } catch {
    // A folder that vanished keeps the id of its last known path.
  }
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function absoluteFolder(folder: string): string {
  if (!isAbsolute(folder)) throw new FirthError('invalid-input', `The project folder must be an absolute path (got "${folder}")`, { field: 'folder' });
  return resolve(folder);
}

function sortKey(entry: ProjectEntry): string {
  return entry.status === 'ok' ? entry.project.name.toLowerCase() : basename(entry.folder).toLowerCase();
}
