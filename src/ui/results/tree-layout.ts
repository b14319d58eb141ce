/**
 * Where each node of a tree diagram goes: leaves (and cut nodes) take consecutive columns left to
 * right, an inner node sits above the middle of its children, one row per depth.
 */
import type { TreeDiagram } from '../../core/models/contract';

export interface PlacedNode {
  index: number;
  /** Column (may be fractional) and row. */
  x: number;
  y: number;
  /** The parent's index, for the edge (-1 for the root). */
  parent: number;
  /** Whether this node is the parent's left child. */
  left: boolean;
}

/** Nodes down to `depth`, placed; deeper nodes are left out and their parents drawn as cut. */
export function placeTree(diagram: TreeDiagram, depth: number): { nodes: PlacedNode[]; columns: number; rows: number } {
  const placed: PlacedNode[] = [];
  let column = 0;
  let rows = 0;
  const place = (index: number, parent: number, left: boolean): number => {
    const node = diagram.nodes[index];
    rows = Math.max(rows, node.depth + 1);
    const slot = placed.length;
    placed.push({ index, x: 0, y: node.depth, parent, left });
    if (node.children && node.depth < depth) {
      const a = place(node.children[0], index, true);
      const b = place(node.children[1], index, false);
      placed[slot].x = (a + b) / 2;
    } else placed[slot].x = column++;
    return placed[slot].x;
  };
  if (diagram.nodes.length) place(0, -1, false);
  return { nodes: placed, columns: column, rows };
}
