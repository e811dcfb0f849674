/**
 * Bounds a parsed JSON value's nesting before it crosses a transport: JSON.stringify (the UI's HTTP API) and
 * structured clone (Electron IPC) recurse, so a body nested thousands of levels deep would overflow the stack
 * and the event could not be opened at all. Deeper levels are replaced by a marker string; the raw body and
 * its download keep everything.
 */

/** Levels kept when an event body is sent to the UI (Knit's bodies are about 5 deep). */
export const TRANSPORT_DEPTH = 64;

/** What stands for a container cut off by pruneDepth. */
export const DEEPER_MARKER = '[nested deeper: see Raw, or download the body]';

/**
 * `value` with every object or array at `maxDepth` levels below it replaced by DEEPER_MARKER; the same value
 * when nothing is that deep. Recursion is bounded by `maxDepth`.
 */
export function pruneDepth(value: unknown, maxDepth = TRANSPORT_DEPTH): { value: unknown; pruned: boolean } {
  let pruned = false;
  const walk = (node: unknown, depth: number): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (depth >= maxDepth) {
      pruned = true;
      return DEEPER_MARKER;
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | null = null;
      node.forEach((child, i) => {
        const next = walk(child, depth + 1);
        if (next !== child) (copy ??= node.slice())[i] = next;
      });
      return copy ?? node;
    }
    let copy: Record<string, unknown> | null = null;
    for (const [key, child] of Object.entries(node)) {
      const next = walk(child, depth + 1);
      if (next !== child) (copy ??= { ...(node as Record<string, unknown>) })[key] = next;
    }
    return copy ?? node;
  };
  const out = walk(value, 0);
  return { value: out, pruned };
}
