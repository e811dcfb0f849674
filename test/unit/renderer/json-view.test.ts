import { describe, expect, it } from 'vitest';
import { DEEPER_MARKER, pruneDepth } from '../../../shared/api/json-depth';
import { buildJsonView, type JsonView } from '../../../renderer/model/json-view';

/** A value nested `depth` arrays deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** The number of nodes of a view, and its depth. */
function measure(view: JsonView): { nodes: number; depth: number } {
  if (view.kind !== 'container') return { nodes: 1, depth: 0 };
  let nodes = 1;
  let depth = 0;
  for (const child of view.children) {
    const m = measure(child.node);
    nodes += m.nodes;
    depth = Math.max(depth, m.depth + 1);
  }
  return { nodes, depth };
}

describe('the bounded JSON view', () => {
  it('stops at the depth limit and says how big the cut container is', () => {
    const { root, truncated } = buildJsonView(nested(50_000), { depth: 5, nodes: 100, stringChars: 10 });
    expect(truncated).toBe(true);
    expect(measure(root).depth).toBe(5);
    let node = root;
    while (node.kind === 'container') node = node.children[0]!.node;
    expect(node).toEqual({ kind: 'deeper', array: true, size: 1 });
  });

  it('cuts long strings and counts what is left out', () => {
    const { root } = buildJsonView({ name: 'A'.repeat(9_000_000) }, { depth: 5, nodes: 100, stringChars: 1_000 });
    expect(root.kind === 'container' && root.children[0]!.node).toEqual({ kind: 'scalar', value: 'A'.repeat(1_000), omittedChars: 8_999_000 });
  });

  it('renders at most the node budget and counts the members not shown', () => {
    const { root, truncated } = buildJsonView({ a: Array.from({ length: 100_000 }, (_, i) => i) }, { depth: 5, nodes: 50, stringChars: 10 });
    expect(truncated).toBe(true);
    expect(measure(root).nodes).toBeLessThanOrEqual(50);
    const list = root.kind === 'container' ? root.children[0]!.node : null;
    expect(list).toMatchObject({ kind: 'container', array: true, size: 100_000, omitted: 100_000 - 48 });
  });

  it('leaves a small body whole', () => {
    expect(buildJsonView({ a: [1, 'x', null, true] }).truncated).toBe(false);
  });
});

describe('pruneDepth (before the transport)', () => {
  it('replaces what is deeper than the limit with a marker, and the result serializes', () => {
    const deep = nested(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const { value, pruned } = pruneDepth(deep, 64);
    expect(pruned).toBe(true);
    expect(JSON.stringify(value)).toBe(`${'['.repeat(64)}${JSON.stringify(DEEPER_MARKER)}${']'.repeat(64)}`);
  });

  it('returns a shallow value as it is', () => {
    const body = { eventData: { profile: { firstName: 'Ana' } } };
    expect(pruneDepth(body)).toEqual({ value: body, pruned: false });
    expect(pruneDepth(body).value).toBe(body);
  });
});
