import { FirthError } from '../../shared/errors';

// A project in the data folder is a folder named after the project. A name that no folder can show
// as itself — hidden (leading dot), reserved on Windows, or holding a path separator — would make a
// project that is created but never listed, or one that lands somewhere else: refused at creation.

const reservedOnWindows = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const forbiddenCharacters = /[/\\<>:"|?*\u0000-\u001f]/;

export function checkProjectName(name: string): void {
  const refuse = (why: string) => {
    throw new FirthError('invalid-input', `The project name "${name}" ${why}: choose another name`, { field: 'name' });
  };
  if (name.trim() === '') refuse('is empty');
  if (name.startsWith('.')) refuse('starts with a dot, which would make its folder hidden');
  const bad = forbiddenCharacters.exec(name);
  if (bad) refuse(bad[0] === '/' || bad[0] === '\\' ? 'contains a slash, which a folder name cannot hold' : `contains ${JSON.stringify(bad[0])}, which a folder name cannot hold on every system`);
  if (reservedOnWindows.test(name.trim())) refuse('is a name Windows reserves for a device');
  if (/[. ]$/.test(name)) refuse('ends with a dot or a space, which Windows drops from folder names');
  if (Buffer.byteLength(name, 'utf8') > 200) refuse('is longer than 200 bytes');
}
