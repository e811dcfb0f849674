/**
 * The IPC handlers: one `ipcMain.handle(ipcChannel(method))` per CompanionApi method, plus the update
 * subscription. Every call is checked before it reaches the Companion (Electron security checklist item 17,
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages):
 * the sender frame must be the main frame of our window, on our origin; the input must pass
 * COMPANION_INPUTS[method] (zod). Anything else is refused with a sentence and logged.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  COMPANION_INPUTS,
  COMPANION_METHODS,
  IPC_SUBSCRIBE_CHANNEL,
  IPC_UPDATE_CHANNEL,
  ipcChannel,
  type CompanionApi,
  type CompanionMethod,
} from '../../shared/api/companion-api';
import { hasOrigin } from './app-origin';
import type { IpcResult } from './ipc-result';

export interface IpcOptions {
  /** Our window: the only one whose main frame may call. */
  window: BrowserWindow;
  /** The renderer's origin (`app://companion`, or the dev server's). */
  origin: string;
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
export function sentence(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').trim() || 'The Companion failed without a reason.';
}

/** Registers every handler; returns a function that removes them and ends the update subscription. */
export function registerIpcHandlers({ window, origin, companion, log }: IpcOptions): () => void {
  const refuse = (channel: string, reason: string): IpcResult<never> => {
    log(`refused IPC ${channel}: ${reason}`);
    return { ok: false, error: `Refused: ${reason}.` };
  };

  const call = async (method: CompanionMethod, event: IpcMainInvokeEvent, input: unknown): Promise<IpcResult> => {
    const problem = senderProblem(event, window, origin);
    if (problem) return refuse(method, problem);
    const parsed = COMPANION_INPUTS[method].safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      return refuse(method, `the input of ${method} is not valid${where}: ${issue?.message ?? 'malformed'}`);
    }
    try {
      const fn = companion[method] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await fn.call(companion, parsed.data) };
    } catch (error) {
      return { ok: false, error: sentence(error) };
    }
  };

  for (const method of COMPANION_METHODS) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => call(method, event, input));
  }

  let unsubscribe: (() => void) | null = null;
  ipcMain.handle(IPC_SUBSCRIBE_CHANNEL, (event): IpcResult<null> => {
    const problem = senderProblem(event, window, origin);
    if (problem) return refuse(IPC_SUBSCRIBE_CHANNEL, problem);
    // One subscription per window, whatever the renderer does (a reload subscribes again).
    unsubscribe ??= companion.subscribe((batch) => {
      if (!window.isDestroyed()) window.webContents.send(IPC_UPDATE_CHANNEL, batch);
    });
    return { ok: true, value: null };
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
