/** A list with a resizable detail pane on the right; the splitter drags with the pointer or moves with arrow keys. */
import { useRef, useState, type ReactNode } from 'react';

export function SplitPane({ list, detail, initialWidth = 460 }: { list: ReactNode; detail: ReactNode | null; initialWidth?: number }) {
  const [width, setWidth] = useState(() => Math.min(initialWidth, Math.round(window.innerWidth * 0.36)));
  const drag = useRef<{ x: number; width: number } | null>(null);
  const clamp = (w: number): number => Math.max(280, Math.min(w, window.innerWidth - 560));
  return (
    <div className="split">
      <div className="pane-list">{list}</div>
      {detail !== null && (
        <>
          <button
            type="button"
            className="splitter"
            role="separator"
            aria-orientation="vertical"
            aria-label="Resize the detail pane"
            aria-valuenow={width}
            onPointerDown={(e) => {
              drag.current = { x: e.clientX, width };
              e.currentTarget.setPointerCapture(e.pointerId);
            }}
            onPointerMove={(e) => {
              if (drag.current) setWidth(clamp(drag.current.width + drag.current.x - e.clientX));
            }}
            onPointerUp={() => (drag.current = null)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowLeft') setWidth((w) => clamp(w + 24));
              if (e.key === 'ArrowRight') setWidth((w) => clamp(w - 24));
            }}
          />
          <aside className="pane-detail" style={{ width }}>
            {detail}
          </aside>
        </>
      )}
    </div>
  );
}
