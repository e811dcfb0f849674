/**
 * App lifecycle: the single-instance lock (a second launch focuses the first window) and a clean quit: on
 * `before-quit` the quit is held until the Companion has closed (listener stopped, in-flight requests
 * answered, journal flushed, tunnel closed, lock released), so no event that got a 200 is lost; then
 * `app.exit()`. https://www.electronjs.org/docs/latest/api/app#event-before-quit
 */
import { app, type BrowserWindow } from 'electron';

/**
 * Takes the single-instance lock. Returns false when another instance holds it (this one should quit);
 * otherwise a later launch focuses `window()`.
 */
export function takeSingleInstanceLock(window: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const win = window();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}

/**
 * Holds the quit until every task of `beforeExit` has settled (in order; a failure is logged and the next
 * still runs), then exits with code 0. A second quit request while closing is ignored.
 */
export function holdQuitUntilClosed(beforeExit: Array<() => Promise<void>>, log: (line: string) => void): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void (async () => {
      for (const task of beforeExit) {
        await task().catch((error: unknown) => log(`quit: ${(error as Error).message}`));
      }
      state = 'closed';
      app.exit(0);
    })();
  });
  app.on('window-all-closed', () => app.quit());
}
