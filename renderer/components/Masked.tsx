/** A sensitive value (a bank account number) shown masked until the user reveals this one field. */
import { useState } from 'react';
import { maskValue } from '../model/masking';

export function Masked({ value, name }: { value: unknown; name: string }) {
  const [shown, setShown] = useState(false);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <span className="id">
      <span className="mono">{shown ? text : maskValue(value)}</span>
      <button type="button" className="icon-btn" aria-label={`${shown ? 'Hide' : 'Reveal'} ${name}`} onClick={() => setShown(!shown)}>
        {shown ? 'hide' : 'reveal'}
      </button>
    </span>
  );
}
