/**
 * A hand-written stand-in for the `electron` module (its binary cannot run here), in the spirit of
 * electron/fiddle's tests: just enough BrowserWindow, WebContents, WebFrameMain, ipcMain, ipcRenderer,
 * contextBridge, protocol, session, shell, dialog, clipboard, Menu and app to drive our main-process code.
 * Use: `vi.mock('electron', async () => (await import('./electron-mock')).electron)` and `reset()` per test.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** A navigation-like event: `preventDefault()` records the refusal. */
export class MockEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class MockFrame {
  constructor(public url: string) {}
}

export class MockSession {
  permissionRequestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null = null;
  headersListener: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null = null;
  headersFilter: unknown = null;
  setPermissionRequestHandler(handler: MockSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: MockSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  webRequest = {
    onHeadersReceived: (filter: unknown, listener: MockSession['headersListener']) => {
      this.headersFilter = filter;
      this.headersListener = listener;
    },
  };
}

export class MockWebContents extends EventEmitter {
  mainFrame: MockFrame;
  session = new MockSession();
  sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  constructor(url: string) {
    super();
    this.mainFrame = new MockFrame(url);
  }
  setWindowOpenHandler(handler: MockWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
}

export class MockBrowserWindow extends EventEmitter {
  static all: MockBrowserWindow[] = [];
  static fromWebContents(contents: unknown): MockBrowserWindow | null {
    return MockBrowserWindow.all.find((w) => w.webContents === contents) ?? null;
  }
  readonly webContents: MockWebContents;
  destroyed = false;
  maximized = false;
  minimized = false;
  focused = 0;
  loadedUrl: string | null = null;
  bounds = { x: 10, y: 20, width: 1000, height: 700 };
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    this.webContents = new MockWebContents('app://companion/index.html');
    MockBrowserWindow.all.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {}
  focus(): void {
    this.focused += 1;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

/** An invoke event as Electron builds it for `sender` / `frame`. */
export function invokeEvent(sender: MockWebContents, frame: MockFrame | null = sender.mainFrame) {
  return { sender, senderFrame: frame, processId: 1, frameId: 1 };
}

/**
 * An ipcRenderer wired to ipcMain's handlers as if it ran in `window`'s main frame; messages main sends
 * with `webContents.send` reach its `on` listeners (with an event object, as Electron does).
 */
export function connectRenderer(window: MockBrowserWindow) {
  const listeners = new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>();
  const originalSend = window.webContents.send.bind(window.webContents);
  window.webContents.send = (channel: string, ...args: unknown[]) => {
    originalSend(channel, ...args);
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer-internals', ports: [] }, ...args);
  };
  return {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron structured-clones arguments and results.
      return structuredClone(await handler(invokeEvent(window.webContents), ...structuredClone(args)));
    },
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return this;
    },
  };
}

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler);
  },
};

export const shell = { openExternal: vi.fn(async (_url: string) => undefined), openPath: vi.fn(async (_path: string) => '') };
export const clipboard = { writeText: vi.fn((_text: string) => undefined) };
export const dialog = {
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' as string | undefined })),
  showErrorBox: vi.fn(),
};
export const Menu = { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() };

class MockApp extends EventEmitter {
  paths: Record<string, string> = { appData: '/tmp/appData', downloads: '/tmp/downloads' };
  singleInstance = true;
  /** Electron's app.isPackaged: true when running from an installed build. */
  isPackaged = false;
  exit = vi.fn((_code?: number) => undefined);
  quit = vi.fn(() => {
    // Like Electron: before-quit first; a listener may prevent the quit.
    const event = new MockEvent();
    this.emit('before-quit', event);
  });
  getPath(name: string): string {
    return this.paths[name] ?? `/tmp/${name}`;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getName(): string {
    return 'Knit Sync Companion';
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
}
export const app = new MockApp();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn() };

/** Clears every mock's state between tests. */
export function reset(): void {
  MockBrowserWindow.all = [];
  ipcMain.handlers.clear();
  protocol.privileged = [];
  protocol.handlers.clear();
  contextBridge.exposed.clear();
  app.removeAllListeners();
  app.singleInstance = true;
  app.isPackaged = false;
  vi.clearAllMocks();
}

/** The module object `vi.mock('electron', ...)` returns. */
export const electron = {
  app,
  BrowserWindow: MockBrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  protocol,
  shell,
  clipboard,
  dialog,
  Menu,
};
