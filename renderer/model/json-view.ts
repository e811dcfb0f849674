/**
 * What the event detail renders of a JSON body, bounded whatever the body: at most `depth` levels, `nodes`
 * values and `stringChars` characters per string, so that a body nested thousands of levels deep or a
 * 9 MB name opens at once with a small DOM. What is left out is counted and said; the Raw view (also bounded)
 * and the body's download keep everything. Pure functions, no recursion deeper than `depth`.
 */

export interface JsonViewLimits {
  depth: number;
  nodes: number;
  stringChars: number;
}

/** The limits of the event detail's Body view. */
export const JSON_VIEW_LIMITS: JsonViewLimits = { depth: 24, nodes: 2_000, stringChars: 1_000 };

/** Characters of the raw body the Raw view shows. */
export const RAW_VIEW_CHARS = 100_000;

export type JsonView =
  | { kind: 'scalar'; value: string | number | boolean | null; omittedChars: number }
  | { kind: 'container'; array: boolean; size: number; children: Array<{ key: string; node: JsonView }>; omitted: number }
  /** A container below the depth limit: only its size is shown. */
  | { kind: 'deeper'; array: boolean; size: number };

/** `text` cut to `max` characters, and how many were left out. */
export function boundedText(text: string, max: number): { text: string; omitted: number } {
  return text.length > max ? { text: text.slice(0, max), omitted: text.length - max } : { text, omitted: 0 };
}

/** The number of members of an object without listing them all at once. */
function sizeOf(value: object): number {
  if (Array.isArray(value)) return value.length;
  let n = 0;
  for (const key in value) if (Object.hasOwn(value, key)) n++;
  return n;
}

/** The bounded view of `value`; `truncated` says whether anything was left out. */
export function buildJsonView(value: unknown, limits: JsonViewLimits = JSON_VIEW_LIMITS): { root: JsonView; truncated: boolean } {
  let budget = limits.nodes;
  let truncated = false;
  const build = (node: unknown, depth: number): JsonView => {
    budget--;
    if (node === null || typeof node !== 'object') {
      if (typeof node === 'string') {
        const { text, omitted } = boundedText(node, limits.stringChars);
        if (omitted > 0) truncated = true;
        return { kind: 'scalar', value: text, omittedChars: omitted };
      }
      return { kind: 'scalar', value: typeof node === 'number' || typeof node === 'boolean' ? node : node === null ? null : String(node), omittedChars: 0 };
    }
    const array = Array.isArray(node);
    const size = sizeOf(node);
    if (depth >= limits.depth) {
      truncated = true;
      return { kind: 'deeper', array, size };
    }
    const children: Array<{ key: string; node: JsonView }> = [];
    if (array) {
      for (let i = 0; i < node.length && budget > 0; i++) children.push({ key: String(i), node: build(node[i], depth + 1) });
    } else {
      for (const key in node) {
        if (budget <= 0) break;
        if (Object.hasOwn(node, key)) children.push({ key, node: build((node as Record<string, unknown>)[key], depth + 1) });
      }
    }
    if (children.length < size) truncated = true;
    return { kind: 'container', array, size, children, omitted: size - children.length };
  };
  return { root: build(value, 0), truncated };
}
