/**
 * The preload of the Companion window (sandboxed: bundled into one CommonJS file, dist/electron/preload.cjs).
 * Exposes `window.knitCompanion`, the CompanionApi over IPC (bridge.ts), and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createCompanionBridge } from './bridge';

contextBridge.exposeInMainWorld('knitCompanion', createCompanionBridge(ipcRenderer));
