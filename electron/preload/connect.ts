/**
 * The dedicated preload of Knit's UI component window (sandboxed, bundled into dist/electron/connect-preload.cjs):
 * exposes `window.knitConnect.send(type, detail)` for the component's four events and nothing else: no
 * CompanionApi, no other channel. The main process checks the sender and validates the event.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CONNECT_EVENT_CHANNEL } from './connect-channel';

contextBridge.exposeInMainWorld('knitConnect', {
  send: (type: unknown, detail: unknown): Promise<unknown> => ipcRenderer.invoke(CONNECT_EVENT_CHANNEL, { type, detail }),
});
