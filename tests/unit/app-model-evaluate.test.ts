/**
 * Each model needs an evaluate node of its own: a second model wired to an evaluate node that has its
 * model gets a new one (or is told why not), and a model added from the palette comes with its own.
 * The pure edit (pipeline-edits.ts) on the default pipeline, and the command on PipelineState.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNode, addEvaluate, wire, wireProblem } from '../../src/app/pipeline-edits';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { validatePipeline } from '../../src/core/pipeline/validate';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { closeDatabase, csvFile, freshDatabase, testStudio, type TestStudio } from './fakes/studio';

const edges = (spec: PipelineSpec | null) => spec?.edges.map((e) => `${e.from}→${e.to}`) ?? [];

/** The default pipeline with a second model, an MLP fed by the split and feeding nothing. */
function twoModels(): PipelineSpec {
  return addNode(defaultPipeline('species', 'classification'), 'mlp', {}, 'split').spec;
}

describe('wiring a second model to an evaluate node', () => {
  it('leads nowhere as the graph stands: the run refuses it', () => {
    expect(() => validatePipeline(twoModels())).toThrow(/node "mlp" \(mlp\) leads nowhere/);
  });

  it('adds an evaluate node for it, with the same gate, and the pipeline is valid', () => {
    const gated = twoModels();
    gated.nodes = gated.nodes.map((n) => (n.kind === 'evaluate' ? { ...n, params: { min_accuracy: 0.8 } } : n));
    expect(wireProblem(gated, 'mlp', 'evaluate')).toBeNull();
    const done = wire(gated, 'mlp', 'evaluate');
    if (typeof done === 'string') throw new Error(done);
    expect(done.added).toBe('evaluate_2');
    expect(done.spec.nodes.find((n) => n.id === 'evaluate_2')).toEqual({ id: 'evaluate_2', kind: 'evaluate', params: { min_accuracy: 0.8 } });
    expect(edges(done.spec)).toEqual([...edges(gated), 'mlp→evaluate_2']);
    expect(() => validatePipeline(done.spec)).not.toThrow();
    // The input given is untouched (undo keeps it).
    expect(gated.nodes).toHaveLength(8);
  });

  it('says why not when the model already has its evaluate node, and refuses what is not a model as before', () => {
    const done = wire(twoModels(), 'mlp', 'evaluate');
    if (typeof done === 'string') throw new Error(done);
    expect(wire(done.spec, 'mlp', 'evaluate')).toBe('evaluate already evaluates another model, and mlp is already evaluated by evaluate_2');
    expect(wireProblem(done.spec, 'mlp', 'evaluate')).toMatch(/already evaluated by evaluate_2/);
    expect(wire(done.spec, 'split', 'evaluate')).toMatch(/evaluate takes a model, but split gives a split/);
    // An evaluate node without a model is wired as an edge, not a new node.
    const free = { ...done.spec, edges: done.spec.edges.filter((e) => e.to !== 'evaluate_2') };
    const plain = wire(free, 'mlp', 'evaluate_2');
    if (typeof plain === 'string') throw new Error(plain);
    expect(plain.added).toBeUndefined();
    expect(edges(plain.spec)).toContain('mlp→evaluate_2');
  });

  it('adds an evaluate node fed by a model, under a fresh id', () => {
    const { spec, id } = addEvaluate(twoModels(), 'mlp', {});
    expect(id).toBe('evaluate_2');
    expect(spec.edges).toContainEqual({ from: 'mlp', to: 'evaluate_2' });
  });
});

describe('the editor command', () => {
  const opened: TestStudio[] = [];
  beforeEach(freshDatabase);
  afterEach(async () => {
    for (const t of opened.splice(0)) t.studio.dispose();
    await closeDatabase();
  });

  async function penguins(): Promise<TestStudio> {
    const t = testStudio();
    opened.push(t);
    await t.studio.init();
    await t.studio.data.addFiles([csvFile('penguins.csv', 'bill,flipper,species\n39.1,181,Adelie\n46.5,210,Gentoo\n49.3,195,Chinstrap\n38.6,190,Adelie\n')]);
    return t;
  }

  it('a model added from the palette comes with its evaluate node, beside it, as one undoable edit', async () => {
    const { studio } = await penguins();
    const pipeline = studio.pipeline;
    expect(pipeline.setGateThreshold('min_accuracy', 0.5)).toBeNull();

    expect(pipeline.addNode('mlp', { x: 400, y: 300 }, 'split')).toBe('mlp');
    expect(edges(pipeline.spec)).toEqual(expect.arrayContaining(['split→mlp', 'mlp→evaluate_2']));
    expect(pipeline.spec?.nodes.find((n) => n.id === 'evaluate_2')?.params).toEqual({ min_accuracy: 0.5 });
    expect(pipeline.positions).toEqual({ mlp: { x: 400, y: 300 }, evaluate_2: { x: 610, y: 300 } });
    expect(pipeline.undoLabel).toBe('Add Neural network (MLP) and its evaluation (evaluate_2)');
    expect(pipeline.problems).toEqual([]);
    expect(studio.runBlocker).toBeNull();

    pipeline.undo();
    expect(pipeline.spec?.nodes.map((n) => n.id)).not.toContain('evaluate_2');
    expect(pipeline.spec?.nodes.map((n) => n.id)).not.toContain('mlp');
  });

  it('wiring a second model to the evaluate node adds one for it and says so on the status line', async () => {
    const { studio } = await penguins();
    const pipeline = studio.pipeline;
    pipeline.replace(addNode(pipeline.spec as PipelineSpec, 'mlp', {}, 'split').spec, 'Add a bare model');
    expect(pipeline.problems.join('\n')).toMatch(/leads nowhere/);
    pipeline.move({ mlp: { x: 420, y: 260 } });

    expect(pipeline.connect('mlp', 'evaluate')).toBeNull();
    expect(edges(pipeline.spec)).toContain('mlp→evaluate_2');
    expect(edges(pipeline.spec)).toContain('model→evaluate');
    expect(pipeline.lastAction).toBe('evaluate already evaluates another model: added evaluate_2 to evaluate mlp');
    expect(pipeline.positions.evaluate_2).toEqual({ x: 630, y: 260 });
    expect(pipeline.selected).toEqual(['evaluate_2']);
    expect(pipeline.problems).toEqual([]);

    expect(pipeline.connect('mlp', 'evaluate')).toBe('evaluate already evaluates another model, and mlp is already evaluated by evaluate_2');
  });
});
