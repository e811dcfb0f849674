/**
 * The CompanionApi over IPC, as the renderer gets it: one method per COMPANION_METHODS entry (each
 * `ipcRenderer.invoke(ipcChannel(method), input)`), plus `subscribe`. Typed by the one contract
 * (`satisfies CompanionApi`), so it cannot drift. Nothing of Electron leaks: no ipcRenderer, no event
 * object; a listener gets only the UpdateBatch, a failure only an ApiError (code, sentence, fields).
 */
import {
  COMPANION_METHODS,
  IPC_SUBSCRIBE_CHANNEL,
  IPC_UPDATE_CHANNEL,
  ipcChannel,
  type CompanionApi,
  type CompanionMethod,
  type UpdateListener,
} from '../../shared/api/companion-api';
import type { UpdateBatch } from '../../shared/api/types';
import { unwrapReply, type ApiReply } from '../../shared/api/reply';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const unwrap = (reply: unknown): unknown => unwrapReply(reply as ApiReply | null);

/** Builds the object `contextBridge.exposeInMainWorld('knitCompanion', ...)` exposes. */
export function createCompanionBridge(ipc: IpcRendererLike): CompanionApi {
  const methods = Object.fromEntries(
    COMPANION_METHODS.map((method) => [method, async (input?: unknown) => unwrap(await ipc.invoke(ipcChannel(method), input))]),
  ) as Pick<CompanionApi, CompanionMethod>;

  const listeners = new Set<UpdateListener>();
  let subscribed: Promise<unknown> | null = null;
  const subscribe = (listener: UpdateListener): (() => void) => {
    listeners.add(listener);
    if (!subscribed) {
      ipc.on(IPC_UPDATE_CHANNEL, (_event, batch) => {
        for (const l of [...listeners]) l(batch as UpdateBatch);
      });
      subscribed = ipc.invoke(IPC_SUBSCRIBE_CHANNEL).then(unwrap);
      subscribed.catch((error: unknown) => console.error(`knitCompanion.subscribe: ${(error as Error).message}`));
    }
    return () => {
      listeners.delete(listener);
    };
  };

  return { ...methods, subscribe } satisfies CompanionApi;
}
