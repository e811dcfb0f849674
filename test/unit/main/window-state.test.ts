import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isVisible, loadWindowState, saveWindowState } from '../../../electron/main/window-state';

const SCREEN = [{ x: 0, y: 0, width: 1920, height: 1080 }];
let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'knit-winstate-'));
  file = path.join(dir, 'window-state.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('is remembered between launches (0600 file)', async () => {
    await saveWindowState(file, { bounds: { x: 100.4, y: 50, width: 1100, height: 720 }, maximized: true });
    expect(await loadWindowState(file, SCREEN)).toEqual({ bounds: { x: 100, y: 50, width: 1100, height: 720 }, maximized: true });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('no file, corrupt JSON or invalid values → null (defaults)', async () => {
    expect(await loadWindowState(file, SCREEN)).toBeNull();
    await writeFile(file, '{oops');
    expect(await loadWindowState(file, SCREEN)).toBeNull();
    await writeFile(file, JSON.stringify({ bounds: { x: 0, y: 0, width: 'big', height: 700 }, maximized: false }));
    expect(await loadWindowState(file, SCREEN)).toBeNull();
    await writeFile(file, JSON.stringify({ bounds: { x: 0, y: 0, width: 10, height: 10 }, maximized: false }));
    expect(await loadWindowState(file, SCREEN)).toBeNull();
  });

  it('an off-screen position (monitor unplugged) keeps the size but not the position', async () => {
    await saveWindowState(file, { bounds: { x: 2500, y: 100, width: 1000, height: 700 }, maximized: false });
    expect(await loadWindowState(file, SCREEN)).toEqual({ bounds: { width: 1000, height: 700 }, maximized: false });
    const twoScreens = [...SCREEN, { x: 1920, y: 0, width: 2560, height: 1440 }];
    expect((await loadWindowState(file, twoScreens))?.bounds).toEqual({ x: 2500, y: 100, width: 1000, height: 700 });
  });

  it('the title bar must be reachable', () => {
    expect(isVisible({ x: 0, y: 0, width: 800, height: 600 }, SCREEN)).toBe(true);
    expect(isVisible({ x: 100, y: -300, width: 800, height: 600 }, SCREEN)).toBe(false);
    expect(isVisible({ x: -790, y: 10, width: 800, height: 600 }, SCREEN)).toBe(false);
    expect(isVisible({ x: 1900, y: 10, width: 800, height: 600 }, SCREEN)).toBe(false);
  });

  it('never throws when the folder is gone', async () => {
    await saveWindowState(path.join(dir, 'missing', 'w.json'), { bounds: { x: 0, y: 0, width: 900, height: 600 }, maximized: false });
    expect(await readFile(path.join(dir, 'missing', 'w.json')).catch(() => null)).toBeNull();
  });
});
