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
}

/** The rows of `count` (each `rowHeight` px) to render for the scroll container `viewport`; `offset` = px above row 0 inside it. */
export function useFixedRows(viewport: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 10, offset = 0): RowWindow {
  const [view, setView] = useState({ top: 0, height: 800 });

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const update = (): void => setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [viewport]);

  const first = Math.max(0, Math.floor((view.top - offset) / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((view.top - offset + view.height) / rowHeight) + overscan);

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

  return { start: first, end: Math.max(first, last), totalHeight: count * rowHeight, scrollToIndex };
}
