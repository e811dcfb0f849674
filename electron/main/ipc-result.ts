/**
 * What an IPC handler of the Companion returns to the preload: the value, or the one-sentence reason it was
 * refused or failed. An envelope rather than a rejected promise, because Electron prefixes a rejection's
 * message with "Error invoking remote method ..." and may carry its stack; the preload turns `ok: false`
 * into a rejected promise with exactly `error`.
 */
export type IpcResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string };
