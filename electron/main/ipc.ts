/**
 * The IPC handlers: one `ipcMain.handle(ipcChannel(method))` per CompanionApi method, plus the update
 * subscription. Every call is checked before it reaches the Companion (Electron security checklist item 17,
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages):
 * the sender frame must be the main frame of our window, on our origin (else `refused`, logged); then dispatch
 * validates the input once and answers the one ApiReply envelope (shared/api/reply.ts). A reply rather than a
 * rejected promise, because Electron prefixes a rejection's message with "Error invoking remote method ...".
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { COMPANION_METHODS, IPC_SUBSCRIBE_CHANNEL, IPC_UPDATE_CHANNEL, ipcChannel, type CompanionApi } from '../../shared/api/companion-api';
import { dispatch } from '../../shared/api/dispatch';
import { errorReply, failure, type ApiFailure, type ApiReply } from '../../shared/api/reply';
import { hasOrigin } from './app-origin';

export interface IpcOptions {
  /** Our window: the only one whose main frame may call. */
  window: BrowserWindow;
  /** The renderer's origin (`app://companion`, or the dev server's). */
  origin: string;
  /** The Companion without its own validation (dispatch validates here, once). */
  companion: CompanionApi;
  /** Log lines for refused calls (no payloads: they may hold keys). */
  log: (line: string) => void;
}

/** Why `event` does not come from our window's main frame on our origin, or null when it does. */
function senderProblem(event: IpcMainInvokeEvent, window: BrowserWindow, origin: string): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'its frame is gone';
  if (window.isDestroyed() || BrowserWindow.fromWebContents(event.sender) !== window) return 'it comes from another window';
  if (frame !== window.webContents.mainFrame) return 'it comes from a subframe';
  if (!hasOrigin(frame.url, origin)) return 'it comes from another origin';
  return null;
}

/** One sentence from any error: its message's first line, never a stack. */
export const sentence = (error: unknown): string => errorReply(error).error;

/** Registers every handler; returns a function that removes them and ends the update subscription. */
export function registerIpcHandlers({ window, origin, companion, log }: IpcOptions): () => void {
  const refuse = (channel: string, reason: string): ApiFailure => {
    log(`refused IPC ${channel}: ${reason}`);
    return failure('refused', `Refused: ${reason}.`);
  };

  for (const method of COMPANION_METHODS) {
    ipcMain.handle(ipcChannel(method), async (event, input: unknown): Promise<ApiReply> => {
      const problem = senderProblem(event, window, origin);
      if (problem) return refuse(method, problem);
      const reply = await dispatch(companion, method, input);
      if (!reply.ok && reply.code === 'invalid_input') log(`refused IPC ${method}: ${reply.error}`);
      return reply;
    });
  }

  let unsubscribe: (() => void) | null = null;
  ipcMain.handle(IPC_SUBSCRIBE_CHANNEL, (event): ApiReply<null> => {
    const problem = senderProblem(event, window, origin);
    if (problem) return refuse(IPC_SUBSCRIBE_CHANNEL, problem);
    // One subscription per window, whatever the renderer does (a reload subscribes again).
    unsubscribe ??= companion.subscribe((batch) => {
      if (!window.isDestroyed()) window.webContents.send(IPC_UPDATE_CHANNEL, batch);
    });
    return { ok: true, result: null };
  });

  const dispose = () => {
    unsubscribe?.();
    unsubscribe = null;
    for (const method of COMPANION_METHODS) ipcMain.removeHandler(ipcChannel(method));
    ipcMain.removeHandler(IPC_SUBSCRIBE_CHANNEL);
  };
  window.once('closed', dispose);
  return dispose;
}
