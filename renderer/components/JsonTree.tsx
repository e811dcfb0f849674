/**
 * A collapsible JSON tree: objects and arrays fold (top two levels open), strings quoted, bank account
 * numbers masked until revealed per field. Bounded (model/json-view.ts): deep levels, long strings and
 * members past the node budget are counted, not rendered.
 */
import { useMemo, useState } from 'react';
import { isSensitiveKey } from '../model/masking';
import { buildJsonView, type JsonView } from '../model/json-view';
import { Masked } from './Masked';

const count = (n: number): string => n.toLocaleString('en-US');

function Scalar({ view }: { view: Extract<JsonView, { kind: 'scalar' }> }) {
  const { value } = view;
  if (typeof value === 'string') {
    return (
      <>
        <span className="s">{JSON.stringify(value).slice(0, view.omittedChars > 0 ? -1 : undefined)}</span>
        {view.omittedChars > 0 && <span className="muted"> … {count(view.omittedChars)} more characters (see Raw, or download the body)</span>}
      </>
    );
  }
  if (typeof value === 'number') return <span className="n">{value}</span>;
  return <span className="b">{String(value)}</span>;
}

function Node({ name, view, depth, path }: { name: string | null; view: JsonView; depth: number; path: string }) {
  const [open, setOpen] = useState(depth < 2);
  const label = name === null ? null : <span className="k">{name}: </span>;
  if (view.kind === 'scalar') {
    return (
      <li>
        <span className="toggle" aria-hidden="true" style={{ display: 'inline-block', width: 14 }} />
        {label}
        {name !== null && isSensitiveKey(name) && view.value !== null ? <Masked value={view.value} name={path} /> : <Scalar view={view} />}
      </li>
    );
  }
  const summary = view.array ? `[${count(view.size)}]` : `{${count(view.size)}}`;
  if (view.kind === 'deeper') {
    return (
      <li>
        <span className="toggle" aria-hidden="true" style={{ display: 'inline-block', width: 14 }} />
        {label}
        <span className="muted">{summary} nested too deep to show here (see Raw, or download the body)</span>
      </li>
    );
  }
  return (
    <li>
      <button
        type="button"
        className="toggle"
        aria-expanded={open}
        aria-label={`${open ? 'Collapse' : 'Expand'} ${path || 'root'}`}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'}
      </button>
      {label}
      <span className="muted">{summary}</span>
      {open && view.children.length > 0 && (
        <ul>
          {view.children.map(({ key, node }) => (
            <Node key={key} name={key} view={node} depth={depth + 1} path={path ? `${path}.${key}` : key} />
          ))}
          {view.omitted > 0 && (
            <li className="muted">
              … {count(view.omitted)} more {view.array ? 'items' : 'members'} not shown (see Raw, or download the body)
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  const { root } = useMemo(() => buildJsonView(value), [value]);
  return (
    <div className="json">
      <ul style={{ paddingLeft: 0 }}>
        <Node name={null} view={root} depth={0} path="" />
      </ul>
    </div>
  );
}
