/**
 * The application menu: copy the webhook URL, open the data folder, export employees (CSV) and events
 * (NDJSON), about with versions; plus the standard Edit/View/Window roles (View without the developer tools
 * in a packaged build). The actions are exported for tests.
 */
import { app, clipboard, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { CompanionApi, ExportInput } from '../../shared/api/companion-api';
import { writeFileAtomic } from '../core/store/atomic-write';

export interface MenuContext {
  companion: CompanionApi;
  dataDir: string;
  /** The window dialogs attach to, when there is one. */
  window: () => BrowserWindow | null;
  log: (line: string) => void;
  /** app.isPackaged: an installed build's View menu has no developer tools (nor reload). */
  packaged: boolean;
}

/** Copies CompanionStatus.destination (the URL Knit should call); resolves to what was copied, or null. */
export async function copyWebhookUrl(ctx: MenuContext): Promise<string | null> {
  const { destination } = await ctx.companion.getStatus();
  if (destination) clipboard.writeText(destination);
  else await message(ctx, 'info', 'There is no webhook URL yet', 'The listener has not started; try again in a moment.');
  return destination;
}

/** Exports through the Companion, asks where to save, writes the file (0600: it holds personal data). */
export async function exportToFile(ctx: MenuContext, input: ExportInput): Promise<string | null> {
  try {
    const result = await ctx.companion.exportData(input);
    const win = ctx.window();
    const options = {
      title: 'Export',
      defaultPath: path.join(app.getPath('downloads'), result.filename),
      filters: [{ name: input.format === 'csv' ? 'CSV' : 'NDJSON', extensions: [path.extname(result.filename).slice(1) || 'txt'] }],
    };
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return null;
    await writeFileAtomic(choice.filePath, result.content, 0o600);
    ctx.log(`exported ${result.rows} ${input.kind} rows`);
    return choice.filePath;
  } catch (error) {
    await message(ctx, 'error', 'Export failed', (error as Error).message.split('\n')[0] ?? '');
    return null;
  }
}

/** The versions the About box shows. */
export function aboutText(): string {
  return [`Version ${app.getVersion()}`, `Electron ${process.versions.electron}`, `Chrome ${process.versions.chrome}`, `Node ${process.versions.node}`].join(
    '\n',
  );
}

async function message(ctx: MenuContext, type: 'info' | 'error', text: string, detail: string): Promise<void> {
  const win = ctx.window();
  const options = { type, message: text, detail, buttons: ['OK'] };
  if (win) await dialog.showMessageBox(win, options);
  else await dialog.showMessageBox(options);
}

/**
 * The View menu of a packaged build: Electron's `viewMenu` role without Reload, Force Reload and Toggle
 * Developer Tools (whose accelerators would also open the developer tools).
 */
const PACKAGED_VIEW_MENU: MenuItemConstructorOptions = {
  label: 'View',
  submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
};

/** The menu template. */
export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const run = (task: () => Promise<unknown>) => () => void task().catch((e: unknown) => ctx.log(`menu: ${(e as Error).message}`));
  const about: MenuItemConstructorOptions = {
    label: `About ${app.getName()}`,
    click: run(() => message(ctx, 'info', app.getName(), aboutText())),
  };
  return [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Copy Webhook URL', accelerator: 'CmdOrCtrl+Shift+C', click: run(() => copyWebhookUrl(ctx)) },
        { label: 'Open Data Folder', click: run(() => shell.openPath(ctx.dataDir)) },
        { type: 'separator' },
        { label: 'Export Employees (CSV)…', click: run(() => exportToFile(ctx, { kind: 'employees', format: 'csv' })) },
        { label: 'Export Events (NDJSON)…', click: run(() => exportToFile(ctx, { kind: 'events', format: 'ndjson' })) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    ctx.packaged ? PACKAGED_VIEW_MENU : { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [about] },
  ];
}

/** Installs the menu. */
export function installMenu(ctx: MenuContext): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(ctx)));
}
