/** Editing pipelines with several sources: connections into a join's ports, input counts, cycles through several parents. */
import { describe, expect, it } from 'vitest';
import { addNode, connect, edgeProblem, emptyPipeline, pasteNodes, copyNodes } from '../../src/app/pipeline-edits';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { validatePipeline } from '../../src/core/pipeline/validate';

const ok = (next: PipelineSpec | string): PipelineSpec => {
  if (typeof next === 'string') throw new Error(next);
  return next;
};

/** Two datasets, joined, then split → model → evaluate: built edit by edit as the canvas does. */
function built(): PipelineSpec {
  let spec = emptyPipeline('p', 'classification', 'y');
  for (const kind of ['source', 'join', 'split', 'logistic_regression', 'evaluate']) spec = addNode(spec, kind, kind === 'join' ? { keys: ['id'] } : {}).spec;
  spec = ok(connect(spec, 'source', 'join'));
  spec = ok(connect(spec, 'source_2', 'join'));
  for (const [from, to] of [['join', 'split'], ['split', 'logistic_regression'], ['logistic_regression', 'evaluate']]) spec = ok(connect(spec, from, to));
  return spec;
}

describe('editing the data part', () => {
  it('feeds a join its free port first (left, then right), and the result validates', () => {
    const spec = built();
    expect(spec.edges.filter((e) => e.to === 'join')).toEqual([{ from: 'source', to: 'join', port: 'left' }, { from: 'source_2', to: 'join', port: 'right' }]);
    expect(() => validatePipeline(spec)).not.toThrow();
  });

  it('refuses a third join input, a taken port, a step into a join, and a cycle through another parent', () => {
    let spec = built();
    spec = addNode(spec, 'source', {}).spec;
    expect(edgeProblem(spec, 'source_3', 'join')).toBe('join already has its 2 inputs');
    const open = { ...spec, edges: spec.edges.filter((e) => e.from !== 'source_2') };
    expect(edgeProblem(open, 'source_3', 'join', 'left')).toBe('the left input of join is already connected');
    expect(edgeProblem(open, 'source_3', 'join', 'right')).toBeNull();
    expect(edgeProblem(open, 'split', 'join')).toMatch(/join takes a table, but split gives a split/);
    // The cycle is found through the append's second parent, not only its first.
    let cyclic = addNode(open, 'append', {}).spec;
    cyclic = ok(connect(cyclic, 'source_3', 'append'));
    cyclic = ok(connect(cyclic, 'join', 'append'));
    expect(edgeProblem(cyclic, 'append', 'join', 'right')).toBe('join comes before append: that would make a cycle');
  });

  it('keeps ports when nodes are copied and pasted', () => {
    const spec = built();
    const pasted = pasteNodes(spec, copyNodes(spec, ['join', 'split']));
    expect(pasted.spec.edges.filter((e) => e.from === 'join_2')).toEqual([{ from: 'join_2', to: 'split_2' }]);
  });

});
