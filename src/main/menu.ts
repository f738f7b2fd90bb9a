import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

/** The standard menus, plus Help links; the app's own commands live in its window. */
export function installMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `Firth ${app.getVersion()}`, enabled: false },
        { label: 'Levy & Goldberg (2014): Neural Word Embedding as Implicit Matrix Factorization', click: () => void shell.openExternal('https://papers.nips.cc/paper/5477-neural-word-embedding-as-implicit-matrix-factorization') },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
