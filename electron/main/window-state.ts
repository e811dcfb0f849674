/**
 * The window's size and position, remembered in `<data>/window-state.json` between launches. The file is
 * validated (zod); a missing, corrupt or off-screen state (a monitor that was unplugged) falls back to the
 * default size, centred by Electron.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../core/store/atomic-write';

/** Window bounds in screen coordinates (DIP), as BrowserWindow.getNormalBounds() gives them. */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

/** A display's work area, as screen.getAllDisplays()[i].workArea. */
export type WorkArea = WindowBounds;

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 800, height: 500 } as const;

const StateSchema = z.object({
  bounds: z.object({
    x: z.number().int().min(-100_000).max(100_000),
    y: z.number().int().min(-100_000).max(100_000),
    width: z.number().int().min(MIN_SIZE.width).max(20_000),
    height: z.number().int().min(MIN_SIZE.height).max(20_000),
  }),
  maximized: z.boolean(),
});

/** How much of the window's title bar must be on a display for the position to be kept (px). */
const VISIBLE = 50;

/** Whether the top strip of `bounds` lies on one of the displays (so the user can grab and move it). */
export function isVisible(bounds: WindowBounds, workAreas: WorkArea[]): boolean {
  return workAreas.some(
    (area) =>
      bounds.x + bounds.width - VISIBLE >= area.x &&
      bounds.x + VISIBLE <= area.x + area.width &&
      bounds.y >= area.y &&
      bounds.y + VISIBLE <= area.y + area.height,
  );
}

/**
 * The saved state, or null when there is none or it is unusable. An off-screen position keeps its size but
 * loses its position (`x`/`y` omitted: Electron centres the window).
 */
export async function loadWindowState(file: string, workAreas: WorkArea[]): Promise<{ bounds: Partial<WindowBounds>; maximized: boolean } | null> {
  let parsed: WindowState;
  try {
    const result = StateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!result.success) return null;
    parsed = result.data;
  } catch {
    return null;
  }
  if (isVisible(parsed.bounds, workAreas)) return parsed;
  return { bounds: { width: parsed.bounds.width, height: parsed.bounds.height }, maximized: parsed.maximized };
}

/** Saves the state (rounded to whole pixels). Never throws: a window state is not worth an error dialog. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  const bounds = {
    x: Math.round(state.bounds.x),
    y: Math.round(state.bounds.y),
    width: Math.max(MIN_SIZE.width, Math.round(state.bounds.width)),
    height: Math.max(MIN_SIZE.height, Math.round(state.bounds.height)),
  };
  await writeFileAtomic(file, `${JSON.stringify({ bounds, maximized: state.maximized })}\n`).catch(() => undefined);
}
