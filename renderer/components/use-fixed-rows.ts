/**
 * Windowing for lists of fixed-height rows: which rows intersect the scroll viewport (plus `overscan`),
 * in O(visible rows). The events list uses it instead of @tanstack/react-virtual, whose measurement pass
 * walks every row whenever the row count changes: with 100,000 events and a new batch every frame that
 * costs more than a frame. (The employee table, whose count rarely changes, keeps @tanstack/react-virtual.)
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { rowWindow, type RowWindowOptions } from '../model/row-window';

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

/** The rows of `count` (each `rowHeight` px) to render for the scroll container `viewport`. */
export function useFixedRows(viewport: RefObject<HTMLElement | null>, count: number, rowHeight: number, options: RowWindowOptions = {}): RowWindow {
  const { offset = 0 } = options;
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

  const { start, end } = rowWindow(view.top, view.height, count, rowHeight, options);

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

  return { start, end, totalHeight: count * rowHeight, scrollToIndex, sync };
}
