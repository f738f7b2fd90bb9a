import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, eventNames, isEventName, methodChannel, methodNames } from '../shared/contract';

// Exposes exactly the contract as `window.firth` (a FirthBridge): one function per method, each
// returning the service's envelope, and `on` for the event streams. Nothing else of Electron leaks.
const bridge: Record<string, unknown> = {};
for (const method of methodNames) {
  bridge[method] = (input: unknown) => ipcRenderer.invoke(methodChannel(method), input);
}
bridge.on = (event: unknown, listener: unknown) => {
  if (!isEventName(event) || typeof listener !== 'function') throw new TypeError('firth.on(event, listener): unknown event or listener');
  const channel = eventChannel(event);
  const forward = (_event: IpcRendererEvent, payload: unknown) => (listener as (payload: unknown) => void)(payload);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
};
bridge.events = [...eventNames];

contextBridge.exposeInMainWorld('firth', bridge);
