/**
 * The one topological order of pipeline nodes (core/pipeline/graph.ts), which both the planner's
 * data part and the editor's node list use. Expected orders are worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../src/core/pipeline/graph';
import type { PipelineEdge, PipelineNode } from '../../src/core/pipeline/spec';

const node = (id: string): PipelineNode => ({ id, kind: 'impute', params: {} });
const ids = (nodes: readonly PipelineNode[]) => nodes.map((n) => n.id);
const edges = (...pairs: string[]): PipelineEdge[] => pairs.map((p) => ({ from: p.split('>')[0], to: p.split('>')[1] }));

describe('topologicalOrder', () => {
  it('puts each node after all that feed it, ties in the order given', () => {
    // d is listed first but waits for b and c; a and e are both ready at the start, a listed first.
    const nodes = ['d', 'a', 'e', 'c', 'b'].map(node);
    const { order, cyclic } = topologicalOrder(nodes, edges('a>b', 'a>c', 'b>d', 'c>d'));
    // Start: [a, e] ready. a → b and c become ready in edge order (b, c); e; b; c → d.
    expect(ids(order)).toEqual(['a', 'e', 'b', 'c', 'd']);
    expect(cyclic).toEqual([]);
  });

  it('ignores edges from or to nodes not listed, and leaves the nodes of a cycle out of the order', () => {
    const nodes = ['x', 'y', 'z', 'w'].map(node);
    // y and z feed each other; 'outside' is not among the nodes, so w's only input does not count.
    const { order, cyclic } = topologicalOrder(nodes, edges('x>y', 'y>z', 'z>y', 'outside>w'));
    expect(ids(order)).toEqual(['x', 'w']);
    expect(ids(cyclic)).toEqual(['y', 'z']);
  });
});
