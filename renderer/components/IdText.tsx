/** An id in monospace, shortened in the middle, full value on hover, with a copy button. */
import { shortenMiddle } from '../model/format';
import { CopyButton } from './CopyButton';

export function IdText({ value, max = 18, copy = true }: { value: string | null; max?: number; copy?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className="id">
      <span className="mono" title={value}>
        {shortenMiddle(value, max)}
      </span>
      {copy && <CopyButton value={value} label={`Copy ${value}`} />}
    </span>
  );
}
