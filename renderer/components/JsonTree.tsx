/**
 * A collapsible JSON tree: objects and arrays fold (top two levels open), strings quoted, bank account
 * numbers masked until revealed per field.
 */
import { useState } from 'react';
import { isSensitiveKey } from '../model/masking';
import { Masked } from './Masked';

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="s">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="n">{value}</span>;
  if (typeof value === 'boolean' || value === null) return <span className="b">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function Node({ name, value, depth, path }: { name: string | null; value: unknown; depth: number; path: string }) {
  const isObject = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < 2);
  const label = name === null ? null : <span className="k">{name}: </span>;
  if (!isObject) {
    return (
      <li>
        <span className="toggle" aria-hidden="true" style={{ display: 'inline-block', width: 14 }} />
        {label}
        {name !== null && isSensitiveKey(name) && value !== null ? <Masked value={value} name={path} /> : <Scalar value={value} />}
      </li>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <li>
      <button type="button" className="toggle" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${path || 'root'}`} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {label}
      <span className="muted">{summary}</span>
      {open && entries.length > 0 && (
        <ul>
          {entries.map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} path={path ? `${path}.${k}` : k} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  return (
    <div className="json">
      <ul style={{ paddingLeft: 0 }}>
        <Node name={null} value={value} depth={0} path="" />
      </ul>
    </div>
  );
}
