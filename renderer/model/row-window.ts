/** Which rows of a list of fixed-height rows to render for a scroll position (use-fixed-rows.ts). Pure. */

export interface RowWindowOptions {
  /** Rows rendered beyond each edge of the viewport (default 10). */
  overscan?: number;
  /**
   * Rows rendered below the viewport while it is scrolled to the top (default `overscan`): a list that
   * follows new rows there re-renders its whole window per batch, so fewer rows is less work per frame.
   */
  overscanAtTop?: number;
  /** px above row 0 inside the viewport (a sticky header row). */
  offset?: number;
}

/**
 * The rows to render, [start, end), for a viewport scrolled `top` px down and `height` px high over `count` rows
 * of `rowHeight` px each. Pure: O(1).
 */
export function rowWindow(top: number, height: number, count: number, rowHeight: number, options: RowWindowOptions = {}): { start: number; end: number } {
  const { overscan = 10, overscanAtTop = overscan, offset = 0 } = options;
  const below = top < rowHeight ? overscanAtTop : overscan;
  const start = Math.min(count, Math.max(0, Math.floor((top - offset) / rowHeight) - overscan));
  const end = Math.min(count, Math.ceil((top - offset + height) / rowHeight) + below);
  return { start, end: Math.max(start, end) };
}
