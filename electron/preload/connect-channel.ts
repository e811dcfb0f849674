/** The one IPC channel of Knit's UI component window (its preload invokes it; the main process handles it). */
export const CONNECT_EVENT_CHANNEL = 'knit-connect:event';
