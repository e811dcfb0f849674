/**
 * Windowing for lists of fixed-height rows: which rows intersect the scroll viewport (plus `overscan`),
 * in O(visible rows). The events list uses it instead of @tanstack/react-virtual, whose measurement pass
 * walks every row whenever the row count changes: with 100,000 events and a new batch every frame that
 * costs more than a frame. (The employee table, whose count rarely changes, keeps @tanstack/react-virtual.)
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

export interface RowWindow {
  /** First and one-past-last row index to render. */
  start: number;
  end: number;
  /** Height of the whole list in px. */
  totalHeight: number;
  /** Scrolls so row `index` is visible (nearest edge). */
  scrollToIndex(index: number): void;
  /** Reads the scroll position again, after the caller moved it (a layout effect re-renders before paint). */
  sync(): void;
}

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

/** The rows of `count` (each `rowHeight` px) to render for the scroll container `viewport`. */
export function useFixedRows(viewport: RefObject<HTMLElement | null>, count: number, rowHeight: number, options: RowWindowOptions = {}): RowWindow {
  const { overscan = 10, overscanAtTop = overscan, offset = 0 } = options;
  const [view, setView] = useState({ top: 0, height: 800 });

  const sync = useCallback(() => {
    const el = viewport.current;
    if (el) setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, [viewport]);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    sync();
    el.addEventListener('scroll', sync, { passive: true });
    const resize = new ResizeObserver(sync);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', sync);
      resize.disconnect();
    };
  }, [viewport, sync]);

  const below = view.top < rowHeight ? overscanAtTop : overscan;
  const first = Math.max(0, Math.floor((view.top - offset) / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((view.top - offset + view.height) / rowHeight) + below);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = viewport.current;
      if (!el) return;
      const rowTop = offset + index * rowHeight;
      if (rowTop < el.scrollTop + offset) el.scrollTop = rowTop - offset;
      else if (rowTop + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = rowTop + rowHeight - el.clientHeight;
    },
    [viewport, rowHeight, offset],
  );

  return { start: first, end: Math.max(first, last), totalHeight: count * rowHeight, scrollToIndex, sync };
}
