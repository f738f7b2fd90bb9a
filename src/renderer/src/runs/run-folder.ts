import type { TrainingModel } from './training-form';

const pad = (value: number): string => String(value).padStart(2, '0');

/** `20240611-142305-sgns`: sorts by start time, in local time as the user reads the clock. */
export function runFolderName(startedAt: Date, model: TrainingModel): string {
  const day = `${startedAt.getFullYear()}${pad(startedAt.getMonth() + 1)}${pad(startedAt.getDate())}`;
  const time = `${pad(startedAt.getHours())}${pad(startedAt.getMinutes())}${pad(startedAt.getSeconds())}`;
  return `${day}-${time}-${model}`;
}

/**
 * `<project folder>/runs/<name>`, with the folder's own separator: the renderer has no `node:path`,
 * and a Windows host hands out backslashed paths.
 */
export function runFolderPath(projectFolder: string, startedAt: Date, model: TrainingModel): string {
  const separator = projectFolder.includes('\\') && !projectFolder.includes('/') ? '\\' : '/';
  const base = projectFolder.endsWith(separator) ? projectFolder.slice(0, -1) : projectFolder;
  return [base, 'runs', runFolderName(startedAt, model)].join(separator);
}
