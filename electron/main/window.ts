/**
 * The one BrowserWindow and its guards (Electron security checklist,
 * https://www.electronjs.org/docs/latest/tutorial/security): isolation, sandbox and web security written out;
 * navigation away from our origin prevented; window.open denied, allowlisted https links handed to the
 * browser; webviews refused; permission requests and checks denied.
 */
import { BrowserWindow, shell, type Session, type WebPreferences } from 'electron';
import { hasOrigin } from './app-origin';
import { isAllowedExternalUrl } from './external-links';
import { DEFAULT_SIZE, MIN_SIZE, type WindowBounds } from './window-state';

/** The window's webPreferences: every security-relevant value explicit, never left to defaults. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** The renderer's origin (`app://companion` or the dev server's). */
  origin: string;
  /** Remembered bounds; x/y absent → centred. */
  bounds: Partial<WindowBounds> | null;
  maximized: boolean;
  title: string;
  /** Logs refused navigations and links (no secrets). */
  log: (line: string) => void;
}

/** Denies every permission request and check (camera, notifications, clipboard-read...) of `session`. */
function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Creates the window (hidden until its first paint) with all guards installed. Does not load a URL. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...DEFAULT_SIZE,
    ...options.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: options.title,
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (options.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const contents = win.webContents;
  const guard = (kind: string) => (event: { preventDefault(): void; url: string }) => {
    if (hasOrigin(event.url, options.origin)) return;
    event.preventDefault();
    options.log(`refused ${kind} to ${safeForLog(event.url)}`);
    if (isAllowedExternalUrl(event.url)) void shell.openExternal(event.url);
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    else options.log(`refused window.open of ${safeForLog(url)}`);
    return { action: 'deny' };
  });
  denyAllPermissions(contents.session);
  return win;
}

/** A URL for the log: origin and path only (a query could carry anything). */
function safeForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
