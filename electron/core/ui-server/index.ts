/** The headless UI server: see server.ts. */
export { startUiServer, type UiServer, type UiServerOptions } from './server';
