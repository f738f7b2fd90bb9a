import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import Store from 'electron-store';
import { methodChannel, methodNames, eventChannel } from '../shared/contract';
import { defaultSettings, settingsStoreSchema, type Settings } from '../shared/settings';
import { appVersion } from '../workbench/app-version';
import { createDispatcher } from '../workbench/dispatch';
import { settingsStoreFrom } from '../workbench/settings/settings-store';
import { Workbench } from '../workbench/workbench';
import { installMenu } from './menu';

app.setName('Firth');
if (process.env.FIRTH_DATA_DIR) app.setPath('userData', process.env.FIRTH_DATA_DIR);

const dataFolder = app.getPath('userData');
// Same file, schema and defaults as conf in the web host and CLI (config.json in the data folder).
const store = new Store<Settings>({ name: 'config', cwd: dataFolder, schema: settingsStoreSchema() as never, defaults: defaultSettings });
const settings = settingsStoreFrom(store);
const workbench = new Workbench({
  dataFolder,
  settings,
  face: 'electron',
  appVersion,
  versions: { electron: process.versions.electron, chromium: process.versions.chrome },
  backendEnvironment: process.env.FIRTH_BACKEND,
  chooseFile: async (purpose) => {
    const owner = BrowserWindow.getFocusedWindow();
    const options: Electron.OpenDialogOptions = {
      title: purpose === 'corpus' ? 'Choose a corpus' : 'Choose a vector file',
      properties: ['openFile'],
      filters: purpose === 'corpus' ? [{ name: 'Text', extensions: ['txt', 'gz'] }, { name: 'All files', extensions: ['*'] }] : [],
    };
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
});
workbench.ensureSampleProject();
const dispatch = createDispatcher(workbench);
const rendererIndex = join(import.meta.dirname, '../renderer/index.html');

function isOwnFrame(url: string | undefined): boolean {
  if (!url) return false;
  if (process.env.ELECTRON_RENDERER_URL) return url.startsWith(process.env.ELECTRON_RENDERER_URL);
  return url.startsWith('file://') && decodeURIComponent(new URL(url).pathname).endsWith('/renderer/index.html');
}

for (const method of methodNames) {
  ipcMain.handle(methodChannel(method), (event, input: unknown) => {
    if (!isOwnFrame(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Calls are accepted from the Firth window only' } };
    }
    return dispatch(method, input);
  });
}

function createWindow(): BrowserWindow {
  const { width, height } = settings.read().window;
  const window = new BrowserWindow({
    width,
    height,
    minWidth: 640,
    minHeight: 480,
    title: 'Firth',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const [newWidth, newHeight] = window.getSize();
    settings.write({ ...settings.read(), window: { width: newWidth ?? width, height: newHeight ?? height } });
  });
  const unsubscribe = workbench.onAny((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  });
  window.on('closed', unsubscribe);
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(rendererIndex);
  return window;
}

app.on('web-contents-created', (_event, contents) => {
  // The app never navigates away or opens windows; links to the web go to the system browser.
  contents.on('will-navigate', (event, url) => {
    if (!isOwnFrame(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  installMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('before-quit', () => void workbench.dispose());

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
