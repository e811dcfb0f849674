/** A small button copying `value` to the clipboard, confirming with a check mark for a moment. */
import { useState } from 'react';

async function copyText(value: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(value);
  const area = document.createElement('textarea');
  area.value = value;
  document.body.append(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function CopyButton({ value, label }: { value: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="icon-btn"
      aria-label={label ?? 'Copy'}
      title={done ? 'Copied' : (label ?? 'Copy')}
      onClick={(e) => {
        e.stopPropagation();
        copyText(value).then(
          () => {
            setDone(true);
            setTimeout(() => setDone(false), 1200);
          },
          () => setDone(false),
        );
      }}
    >
      {done ? '✓' : '⧉'}
    </button>
  );
}
