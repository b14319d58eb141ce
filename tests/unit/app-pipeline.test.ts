/**
 * The pipeline editor as a person uses it: edits on the canvas (add, connect, disconnect, delete,
 * duplicate, copy and paste, parameters, model kind, moves), each one undoable under its label, undo
 * and redo putting back exactly what was there, and the autosave that brings the pipeline back
 * after a reload. On the fake engine and the real store (fake-indexeddb).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import type { Positions } from '../../src/app/edit-history';
import * as pipelineStore from '../../src/store/pipelines';
import { closeDatabase, csvFile, freshDatabase, testStudio, type TestStudio } from './fakes/studio';

const PENGUINS = 'bill,flipper,island,species\n39.1,181,Torgersen,Adelie\n46.5,210,Biscoe,Gentoo\n49.3,195,Dream,Chinstrap\n38.6,190,Dream,Adelie\n';

const opened: TestStudio[] = [];

/** A studio with penguins.csv loaded: the engine proposed the default pipeline for `species`. */
async function withPenguins(): Promise<TestStudio> {
  const t = testStudio();
  opened.push(t);
  await t.studio.init();
  await t.studio.data.addFiles([csvFile('penguins.csv', PENGUINS)]);
  return t;
}

const edges = (spec: PipelineSpec | null) => spec?.edges.map((e) => `${e.from}→${e.to}`) ?? [];
const nodes = (spec: PipelineSpec | null) => spec?.nodes.map((n) => `${n.id}:${n.kind}`) ?? [];

beforeEach(freshDatabase);

afterEach(async () => {
  for (const t of opened.splice(0)) t.studio.dispose();
  await closeDatabase();
});

describe('edits on the pipeline', () => {
  it('starts from the proposed pipeline with nothing to undo', async () => {
    const { studio } = await withPenguins();
    const pipeline = studio.pipeline;
    expect(nodes(pipeline.spec)).toEqual([
      'source:source',
      'impute:impute',
      'standardize:standardize',
      'one_hot:one_hot',
      'split:split',
      'model:logistic_regression',
      'evaluate:evaluate',
    ]);
    expect(pipeline.spec?.target).toBe('species');
    expect(pipeline.canUndo).toBe(false);
    expect(pipeline.canRedo).toBe(false);
    expect(pipeline.problems).toEqual([]);
    expect(studio.runBlocker).toBeNull();
  });

  it('each edit changes the spec as the canvas shows it, and is one undoable step named by its label', async () => {
    const { studio } = await withPenguins();
    const pipeline = studio.pipeline;

    expect(pipeline.addNode('minmax_scale', { x: 10, y: 20 }, 'impute')).toBe('minmax_scale');
    expect(edges(pipeline.spec)).toEqual(expect.arrayContaining(['impute→minmax_scale', 'minmax_scale→standardize']));
    expect(edges(pipeline.spec)).not.toContain('impute→standardize');
    expect(pipeline.positions).toEqual({ minmax_scale: { x: 10, y: 20 } });
    expect(pipeline.selected).toEqual(['minmax_scale']);
    expect(pipeline.undoLabel).toBe('Add Min-max scale');

    pipeline.remove(['standardize']);
    expect(nodes(pipeline.spec)).not.toContain('standardize:standardize');
    expect(edges(pipeline.spec)).toContain('minmax_scale→one_hot');
    expect(pipeline.undoLabel).toBe('Delete standardize');

    pipeline.disconnect('split', 'model');
    expect(edges(pipeline.spec)).not.toContain('split→model');
    expect(pipeline.undoLabel).toBe('Disconnect split → model');
    // A model that nothing feeds keeps the pipeline from running, and Run says why.
    expect(studio.runBlocker).toMatch(/^Fix the pipeline first/);
    expect(pipeline.connect('split', 'model')).toBeNull();
    expect(edges(pipeline.spec)).toContain('split→model');
    expect(pipeline.undoLabel).toBe('Connect split → model');
    expect(studio.runBlocker).toBeNull();

    pipeline.duplicate(['model']);
    expect(nodes(pipeline.spec)).toContain('logistic_regression:logistic_regression');
    expect(edges(pipeline.spec)).toContain('split→logistic_regression');
    expect(pipeline.selected).toEqual(['logistic_regression']);
    expect(pipeline.undoLabel).toBe('Duplicate model');

    pipeline.setParam('model', 'C', 0.5);
    expect(pipeline.spec?.nodes.find((n) => n.id === 'model')?.params.C).toBe(0.5);
    expect(pipeline.undoLabel).toBe('Set model.C');

    pipeline.setNodeKind('logistic_regression', 'gaussian_nb');
    expect(pipeline.spec?.nodes.find((n) => n.id === 'logistic_regression')?.kind).toBe('gaussian_nb');
    expect(pipeline.undoLabel).toBe('logistic_regression: Gaussian naive Bayes');

    await studio.setModelKind('mlp');
    expect(pipeline.modelNode?.id).toBe('model');
    expect(pipeline.modelNode?.kind).toBe('mlp');
    expect(edges(pipeline.spec)).toEqual(expect.arrayContaining(['split→model', 'model→evaluate']));
    expect(pipeline.undoLabel).toBe('Model: Neural network (MLP)');

    pipeline.move({ model: { x: 300, y: 40 } });
    expect(pipeline.positions.model).toEqual({ x: 300, y: 40 });
    expect(pipeline.undoLabel).toBe('Move');
    expect(pipeline.lastAction).toBe('Move');
  });

  it('refused edits say why and leave the spec and the history as they were', async () => {
    const { studio } = await withPenguins();
    const pipeline = studio.pipeline;
    const before = pipeline.spec;

    expect(pipeline.connect('source', 'model')).toMatch(/takes a split, but source gives a table/);
    expect(pipeline.connect('impute', 'impute')).toBe('a node cannot feed itself');
    pipeline.remove(['source']);
    expect(pipeline.setGateThreshold('min_accuracy', 2)).toBe('Enter a number of at most 1');
    expect(pipeline.setGateThreshold('nonsense', 1)).toBe('Unknown gate threshold "nonsense"');

    expect(pipeline.spec).toBe(before);
    expect(pipeline.canUndo).toBe(false);
  });

  it('copy and paste: pasted nodes get fresh ids and are fed from the selected node', async () => {
    const { studio } = await withPenguins();
    const pipeline = studio.pipeline;
    pipeline.move({ impute: { x: 0, y: 100 } });
    pipeline.copy(['impute']);
    expect(pipeline.lastAction).toBe('Copied impute');
    pipeline.select(['one_hot']);
    pipeline.paste();

    expect(nodes(pipeline.spec)).toContain('impute_2:impute');
    expect(edges(pipeline.spec)).toContain('one_hot→impute_2');
    expect(pipeline.spec?.nodes.find((n) => n.id === 'impute_2')?.params).toEqual({ numeric: 'median' });
    // Placed below and beside the copied node.
    expect(pipeline.positions.impute_2).toEqual({ x: 30, y: 190 });
    expect(pipeline.selected).toEqual(['impute_2']);
    expect(pipeline.undoLabel).toBe('Paste impute_2');
  });

  it('undo puts back exactly what each edit replaced, and redo each edit, in order', async () => {
    const { studio } = await withPenguins();
    const pipeline = studio.pipeline;
    const states: { spec: PipelineSpec | null; copy: PipelineSpec | null; positions: Positions }[] = [];
    const keep = () => states.push({ spec: pipeline.spec, copy: structuredClone(pipeline.spec), positions: pipeline.positions });
    const labels: string[] = [];
    const edit = (label: string, action: () => unknown) => {
      keep();
      void action();
      labels.push(label);
      expect(pipeline.undoLabel).toBe(label);
    };

    edit('Add Min-max scale', () => pipeline.addNode('minmax_scale', { x: 1, y: 2 }, 'impute'));
    edit('Delete standardize', () => pipeline.remove(['standardize']));
    edit('Duplicate model', () => pipeline.duplicate(['model']));
    edit('Set model.C', () => pipeline.setParam('model', 'C', 3));
    edit('Gate: min_accuracy', () => pipeline.setGateThreshold('min_accuracy', 0.8));
    edit('Move', () => pipeline.move({ split: { x: 7, y: 8 } }));
    edit('Auto-layout', () => pipeline.autoLayout());
    edit('New empty pipeline', () => pipeline.newEmpty());
    keep();
    const final = states[states.length - 1];
    expect(nodes(final.spec)).toEqual(['source:source']);

    for (let i = labels.length - 1; i >= 0; i--) {
      expect(pipeline.undoLabel).toBe(labels[i]);
      pipeline.undo();
      expect(pipeline.lastAction).toBe(`Undo ${labels[i]}`);
      // The very object that was there (the history keeps references), and unchanged by what followed.
      expect(pipeline.spec).toBe(states[i].spec);
      expect(pipeline.spec).toEqual(states[i].copy);
      expect(pipeline.positions).toEqual(states[i].positions);
    }
    expect(pipeline.canUndo).toBe(false);
    expect(pipeline.redoLabel).toBe(labels[0]);

    for (let i = 0; i < labels.length; i++) {
      expect(pipeline.redoLabel).toBe(labels[i]);
      pipeline.redo();
      expect(pipeline.lastAction).toBe(`Redo ${labels[i]}`);
      expect(pipeline.spec).toEqual(states[i + 1].copy);
      expect(pipeline.positions).toEqual(states[i + 1].positions);
    }
    expect(pipeline.canRedo).toBe(false);

    // A new edit after an undo drops what was undone.
    pipeline.undo();
    pipeline.undo();
    expect(pipeline.canRedo).toBe(true);
    pipeline.setParam('split', 'seed', 7);
    expect(pipeline.canRedo).toBe(false);
    expect(pipeline.undoLabel).toBe('Set split.seed');
  });

  it('a new target proposes a new pipeline as one undoable step; the gate thresholds stay', async () => {
    const { studio } = await withPenguins();
    const pipeline = studio.pipeline;
    expect(pipeline.setGateThreshold('min_accuracy', 0.75)).toBeNull();
    const before = pipeline.spec;
    await studio.setTarget('island');

    expect(pipeline.spec?.target).toBe('island');
    expect(studio.data.target).toBe('island');
    expect(pipeline.evaluateNode?.params).toEqual({ min_accuracy: 0.75 });
    expect(pipeline.undoLabel).toBe('Propose pipeline');
    pipeline.undo();
    expect(pipeline.spec).toBe(before);
  });
});

describe('autosave', () => {
  it('writes the open pipeline to the store after edits, and a reload brings it back over the proposal', async () => {
    const first = await withPenguins();
    const pipeline = first.studio.pipeline;
    pipeline.addNode('minmax_scale', { x: 5, y: 5 }, 'impute');
    pipeline.setParam('model', 'C', 0.25);
    const edited = structuredClone(pipeline.spec);

    await vi.waitFor(async () => {
      const saved = await pipelineStore.loadOpenPipeline();
      expect(saved?.spec).toEqual(edited);
      expect(saved?.datasetName).toBe('penguins.csv');
      // Waits out the autosave's delay; the bound is for a loaded machine, not a measure of speed.
    }, { timeout: 10_000 });
    first.studio.dispose();

    // A new page on the same IndexedDB: the dataset comes back, and with it the edited pipeline, not a fresh proposal.
    const second = testStudio();
    opened.push(second);
    await second.studio.init();
    expect(second.studio.data.summary?.name).toBe('penguins.csv');
    expect(second.studio.pipeline.spec).toEqual(edited);
    expect(second.studio.versions.notice).toBe('Restored the pipeline "Predict species" (built on penguins.csv).');
    expect(second.studio.pipeline.spec?.nodes.find((n) => n.id === 'model')?.params.C).toBe(0.25);
  });
});
