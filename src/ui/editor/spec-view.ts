/**
 * The spec as the page lists it, without the canvas library: node order and readable names. Kept
 * apart from layout.ts, whose Svelte Flow import would pull the canvas into the page's first load.
 */
import type { PipelineNode, PipelineSpec } from '../../core/pipeline/spec';
import { topologicalOrder } from '../../core/pipeline/graph';

/** 'one_hot' → 'One hot'. */
export function humanize(kind: string): string {
  const words = kind.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The nodes in topological order (ties in spec order), those caught in a cycle last: the order the editor lists them in. */
export function executionOrder(spec: PipelineSpec): PipelineNode[] {
  const { order, cyclic } = topologicalOrder(spec.nodes, spec.edges);
  return [...order, ...cyclic];
}
