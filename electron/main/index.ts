/**
 * The Electron main process: one window over the same Companion the headless shell runs. Order matters:
 * the `app:` scheme is declared privileged and the single-instance lock taken before `ready`; after it the
 * data folder is opened (same default as the CLI: `<appData>/knit-sync-companion`, or KNIT_SYNC_DATA), the
 * Companion started with the safeStorage SecretStore (listener port: KNIT_SYNC_PORT, else 8787 or a free one), the renderer protocol, IPC and menu installed, and
 * the window loaded. Quit waits for the Companion to close (lifecycle.ts).
 */
import { app, BrowserWindow, dialog, safeStorage, screen, session } from 'electron';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openCompanion } from '../core/companion';
import type { CompanionOptions, CompanionService } from '../core/companion';
import { createLogger } from '../core/log';
import { APP_NAME } from '../core/version';
import { rendererLocation } from './app-origin';
import { applyDevelopmentCsp, devServerUrlOf } from './dev-server';
import { registerIpcHandlers, sentence } from './ipc';
import { holdQuitUntilClosed, takeSingleInstanceLock } from './lifecycle';
import { installMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { askPlainTextConsent, createSafeStorageSecretStore, SAFE_STORAGE_FILE } from './safe-storage-secrets';
import { createMainWindow } from './window';
import { openConnectWindow, registerConnectIpc } from './connect-window';
import { loadWindowState, saveWindowState } from './window-state';

const devServerUrl = devServerUrlOf(process.env, app.isPackaged);
const { origin, startUrl } = rendererLocation(devServerUrl);
let window: BrowserWindow | null = null;

registerAppScheme();
if (takeSingleInstanceLock(() => window)) {
  void start().catch((error: unknown) => {
    dialog.showErrorBox('Knit Sync Companion could not start', sentence(error));
    app.exit(1);
  });
} else {
  app.quit();
}

/** The data folder: KNIT_SYNC_DATA, else `<appData>/knit-sync-companion` (the CLI's default too). */
function dataFolder(): string {
  return path.resolve(process.env.KNIT_SYNC_DATA || path.join(app.getPath('appData'), APP_NAME));
}

/**
 * Opens the Companion on KNIT_SYNC_PORT, else on 8787 (the CLI's default) and, when another program holds
 * 8787, on a free port (the UI shows the listener URL; the tunnel forwards to whichever it is).
 */
async function openWithPort(options: CompanionOptions, log: (line: string) => void): Promise<CompanionService> {
  const fixed = process.env.KNIT_SYNC_PORT;
  if (fixed !== undefined && fixed !== '') {
    const port = Number(fixed);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`KNIT_SYNC_PORT must be a port number (0-65535), not "${fixed}".`);
    return openCompanion({ ...options, port });
  }
  try {
    return await openCompanion({ ...options, port: 8787 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log('port 8787 is in use: listening on a free port instead');
    return openCompanion({ ...options, port: 0 });
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = dataFolder();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger({ dataDir });
  const log = (line: string) => logger.warn(line);

  const secrets = createSafeStorageSecretStore({
    file: path.join(dataDir, SAFE_STORAGE_FILE),
    safeStorage,
    confirmPlainText: () => askPlainTextConsent(window),
  });
  const companion = await openWithPort({ dataDir, secrets, log: logger, command: 'Knit Sync Companion (desktop app)' }, log);

  // dist/electron/main.cjs → the app root holds dist/renderer (inside the asar when packaged).
  serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'));
  if (devServerUrl) applyDevelopmentCsp(session.defaultSession, devServerUrl);

  const stateFile = path.join(dataDir, 'window-state.json');
  const saved = await loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = createMainWindow({
    preloadPath: path.join(__dirname, 'preload.cjs'),
    origin,
    bounds: saved?.bounds ?? null,
    maximized: saved?.maximized ?? false,
    title: 'Knit Sync Companion',
    log,
  });
  window = win;
  // Saved when the window closes; the quit waits for that write (the window is gone by then).
  let stateSaved = Promise.resolve();
  const saveState = (): Promise<void> => {
    if (!win.isDestroyed()) stateSaved = saveWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    return stateSaved;
  };
  win.on('close', () => void saveState());
  win.on('closed', () => {
    window = null;
  });

  registerIpcHandlers({ window: win, origin, companion: companion.unchecked, log });
  // Knit's UI component opens in a window of its own, never in the Companion's (connect-window.ts).
  registerConnectIpc(companion.connect, log);
  companion.connect.setWindowOpener(async (page) => {
    await openConnectWindow(page, { preloadPath: path.join(__dirname, 'connect-preload.cjs'), parent: window, log });
    return true;
  });
  installMenu({ companion, dataDir, window: () => window, log, packaged: app.isPackaged });
  holdQuitUntilClosed([saveState, () => companion.close(), () => logger.close()], log);
  logger.info(`window loading ${startUrl}; listener ${companion.listenerUrl}`);
  await win.loadURL(startUrl);
}
