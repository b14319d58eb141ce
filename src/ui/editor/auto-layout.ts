/** Where nodes go when the user has not placed them: pure, so it is unit-tested in Node. */
import type { PipelineSpec } from '../../core/pipeline/spec';
import type { XY } from '../../app/edit-history';

export const GAP_X = 210;
export const GAP_Y = 130;

/**
 * Layered left-to-right layout: a node's column is its depth from its root (source first), its
 * row follows the tree — each leaf gets the next row, a parent sits on its first child's row — so
 * branches fan out below one another. Nodes not reached from a root (a cycle) get rows of their own.
 */
export function autoLayout(spec: PipelineSpec): Record<string, XY> {
  const ids = new Set(spec.nodes.map((n) => n.id));
  const children = new Map<string, string[]>();
  const hasParent = new Set<string>();
  for (const e of spec.edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || hasParent.has(e.to)) continue;
    hasParent.add(e.to);
    children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  }
  const out: Record<string, XY> = {};
  let row = 0;
  const place = (id: string, depth: number): number => {
    if (out[id]) return out[id].y / GAP_Y;
    out[id] = { x: depth * GAP_X, y: 0 };
    const kids = (children.get(id) ?? []).filter((k) => !out[k]);
    let myRow = row;
    if (kids.length === 0) row++;
    else kids.forEach((k, i) => {
      const r = place(k, depth + 1);
      if (i === 0) myRow = r;
    });
    out[id].y = myRow * GAP_Y;
    return myRow;
  };
  // The source's tree first, then the other roots (unconnected nodes), then whatever a cycle hid.
  const roots = [...spec.nodes.filter((n) => n.kind === 'source'), ...spec.nodes.filter((n) => n.kind !== 'source' && !hasParent.has(n.id))];
  for (const n of roots) if (!out[n.id]) place(n.id, 0);
  for (const n of spec.nodes) if (!out[n.id]) place(n.id, 0);
  return out;
}

