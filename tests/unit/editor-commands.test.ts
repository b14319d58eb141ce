import { describe, expect, it } from 'vitest';
import { emptyHistory, record, redo, undo } from '../../src/app/edit-history';
import { addNode, connect, copyNodes, duplicateNodes, edgeProblem, emptyPipeline, pasteNodes, removeNodes, setKind, setParam } from '../../src/app/pipeline-edits';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { validatePipeline } from '../../src/core/pipeline/validate';
import { autoLayout } from '../../src/ui/editor/auto-layout';

const base = () => defaultPipeline('species', 'classification');

describe('editor commands on the spec', () => {
  it('builds a valid pipeline from the empty one by adding and connecting', () => {
    let spec = emptyPipeline('p', 'classification', 'species');
    for (const kind of ['impute', 'one_hot', 'split', 'logistic_regression', 'evaluate']) spec = addNode(spec, kind, {}).spec;
    const chain = ['source', 'impute', 'one_hot', 'split', 'logistic_regression', 'evaluate'];
    for (let i = 1; i < chain.length; i++) {
      const next = connect(spec, chain[i - 1], chain[i]);
      if (typeof next === 'string') throw new Error(next);
      spec = next;
    }
    expect(() => validatePipeline(spec)).not.toThrow();
  });

  it('refuses connections with the reason: types, one input, cycles, itself', () => {
    const spec = base();
    expect(edgeProblem(spec, 'source', 'model')).toMatch(/takes a split, but source gives a table/);
    expect(edgeProblem(spec, 'source', 'one_hot')).toMatch(/already has an input/);
    expect(edgeProblem(spec, 'impute', 'impute')).toMatch(/itself/);
    const cut = { ...spec, edges: spec.edges.filter((e) => e.to !== 'impute') };
    expect(edgeProblem(cut, 'standardize', 'impute')).toMatch(/cycle/);
  });

  it('adds a step after a node into its chain, and a model after a split as a branch', () => {
    const { spec, id } = addNode(base(), 'minmax_scale', {}, 'standardize');
    expect(spec.edges).toContainEqual({ from: 'standardize', to: id });
    expect(spec.edges).toContainEqual({ from: id, to: 'one_hot' });
    expect(spec.edges).not.toContainEqual({ from: 'standardize', to: 'one_hot' });
    const branch = addNode(base(), 'mlp', {}, 'split');
    expect(branch.spec.edges.filter((e) => e.from === 'split')).toHaveLength(2);
  });

  it('removes a node and joins its parent to its children', () => {
    const spec = removeNodes(base(), ['one_hot']);
    expect(spec.nodes.map((n) => n.id)).not.toContain('one_hot');
    expect(spec.edges).toContainEqual({ from: 'standardize', to: 'split' });
    expect(() => validatePipeline(spec)).not.toThrow();
  });

  it('duplicates with fresh ids fed by the same input; copy and paste keep inner edges', () => {
    const dup = duplicateNodes(base(), ['model']);
    const copyId = dup.ids.get('model') as string;
    expect(copyId).not.toBe('model');
    expect(dup.spec.edges).toContainEqual({ from: 'split', to: copyId });
    const clip = copyNodes(base(), ['model', 'evaluate', 'source']);
    expect(clip.nodes.map((n) => n.id)).toEqual(['model', 'evaluate']);
    const pasted = pasteNodes(base(), clip, () => 'split');
    const [m, e] = [pasted.ids.get('model') as string, pasted.ids.get('evaluate') as string];
    expect(pasted.spec.edges).toContainEqual({ from: m, to: e });
    expect(pasted.spec.edges).toContainEqual({ from: 'split', to: m });
    expect(() => validatePipeline(pasted.spec)).not.toThrow();
  });

  it('sets a parameter and swaps a kind in place without touching the original', () => {
    const spec = base();
    const next = setKind(setParam(spec, 'split', 'test_fraction', 0.3), 'model', 'mlp', {});
    expect(next.nodes.find((n) => n.id === 'split')?.params.test_fraction).toBe(0.3);
    expect(next.nodes.find((n) => n.id === 'model')?.kind).toBe('mlp');
    expect(spec.nodes.find((n) => n.id === 'split')?.params.test_fraction).toBe(0.2);
    expect(next.edges).toEqual(spec.edges);
  });

  it('undoes and redoes through snapshots with labels; a new edit drops the redo stack', () => {
    const a = { spec: base(), positions: {} };
    const b = { spec: setParam(base(), 'split', 'seed', 1), positions: {} };
    let h = record(emptyHistory, 'Set seed', a);
    const back = undo(h, b);
    expect(back?.snapshot).toBe(a);
    expect(back?.label).toBe('Set seed');
    h = back?.history ?? h;
    const fwd = redo(h, a);
    expect(fwd?.snapshot).toBe(b);
    expect(record(h, 'Other', a).future).toHaveLength(0);
    expect(undo(emptyHistory, a)).toBeNull();
  });

  it('lays out left to right in layers, branches on rows of their own', () => {
    const dup = duplicateNodes(base(), ['model']);
    const copy = dup.ids.get('model') as string;
    const at = autoLayout(dup.spec);
    expect(at.source.x).toBeLessThan(at.impute.x);
    expect(at.model.x).toBe(at[copy].x);
    expect(at.model.y).not.toBe(at[copy].y);
    expect(at.split.y).toBe(at.model.y);
  });
});
