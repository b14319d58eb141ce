/**
 * One tree of an ensemble as a person reads it (the contract's TreeDiagram): each split with its
 * feature's name and threshold or category set, where missing values go, the training rows that
 * reached the node and what it predicts, down to a depth.
 */
import type { ModelOutline, TreeDiagram, TreeDiagramNode } from '../contract';
import { treeCount, type TreeEnsemble } from './ensemble';
import { CATEGORICAL, MISSING_LEFT } from './tree';

/** Deeper than this, a diagram is unreadable; the diagram's depth select goes no further. */
export const DIAGRAM_DEPTH = 8;
/** Categories listed in a condition before "and N more". */
const LISTED_CATEGORIES = 6;

function number(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

function categorySet(e: TreeEnsemble, node: number, categories: readonly string[] | undefined): string[] {
  const start = e.nodes.categoryStart[node];
  const count = e.categoryCounts[e.nodes.feature[node]];
  const names: string[] = [];
  for (let c = 0; c < count; c++) if ((e.nodes.categoryBits[start + (c >>> 5)] >>> (c & 31)) & 1) names.push(categories?.[c] ?? String(c));
  return names;
}

function condition(e: TreeEnsemble, node: number, model: ModelOutline): string {
  const name = model.features[e.nodes.feature[node]];
  if (!(e.nodes.flags[node] & CATEGORICAL)) return `${name} ≤ ${number(e.nodes.threshold[node])}`;
  const names = categorySet(e, node, model.categories?.[name]);
  const listed = names.slice(0, LISTED_CATEGORIES).join(', ');
  return `${name} ∈ {${listed}${names.length > LISTED_CATEGORIES ? `, and ${names.length - LISTED_CATEGORIES} more` : ''}}`;
}

/** A node's value in words: the largest class shares (forest, tree), a value, or a boosting tree's score. */
function valueText(e: TreeEnsemble, node: number, model: ModelOutline): string {
  const w = e.valueWidth;
  const values = e.nodes.value.subarray(node * w, node * w + w);
  if (w === 1) return e.kind === 'hist_gradient_boosting' && e.task === 'classification' ? `score ${number(values[0])}` : `value ${number(values[0])}`;
  const ranked = Array.from(values, (share, c) => ({ share, name: model.classes?.[c] ?? String(c) })).sort((a, b) => b.share - a.share);
  return ranked
    .slice(0, 2)
    .filter((r, i) => i === 0 || r.share > 0)
    .map((r) => `${r.name} ${(r.share * 100).toFixed(0)} %`)
    .join(' · ');
}

function valueLabel(e: TreeEnsemble): string {
  if (e.valueWidth > 1) return 'the largest class shares';
  if (e.kind === 'hist_gradient_boosting') return e.task === 'classification' ? "this tree's score (added to the others', before the sigmoid or softmax)" : "this tree's contribution (the trees' values add up)";
  return 'the predicted value';
}

/** Tree `index` (0-based) of the ensemble, down to DIAGRAM_DEPTH. */
export function treeDiagram(e: TreeEnsemble, model: ModelOutline, index = 0): TreeDiagram {
  const nodes: TreeDiagramNode[] = [];
  let deepest = 0;
  const visit = (node: number, depth: number): number => {
    const at = nodes.length;
    deepest = Math.max(deepest, depth);
    const leaf = e.nodes.feature[node] < 0;
    nodes.push({ depth, samples: e.nodes.cover[node], value: valueText(e, node, model) });
    if (leaf) return at;
    nodes[at].condition = condition(e, node, model);
    nodes[at].missing = e.nodes.flags[node] & MISSING_LEFT ? 'left' : 'right';
    if (depth >= DIAGRAM_DEPTH) {
      nodes[at].cut = true;
      return at;
    }
    const left = visit(e.nodes.left[node], depth + 1);
    const right = visit(e.nodes.right[node], depth + 1);
    nodes[at].children = [left, right];
    return at;
  };
  visit(e.treeStart[index], 0);
  return { tree: index + 1, trees: treeCount(e), valueLabel: valueLabel(e), nodes, maxDepth: Math.max(1, deepest) };
}
