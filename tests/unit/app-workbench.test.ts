/**
 * The workbench's drawer: which view a node opens (its dataset, its columns, its model's results),
 * the drawer's size bounds, and the studio's commands showing the view of what they started.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { DRAWER_MAX, DRAWER_MIN, modelOfNode, VIEWS, viewOfNode, WorkbenchState } from '../../src/app/workbench.svelte';
import { filterPalette, paletteGroups } from '../../src/ui/editor/palette';
import { STEP_KINDS, MODEL_KINDS } from '../../src/app/node-catalogue';
import { closeDatabase, csvFile, freshDatabase, testStudio, type TestStudio } from './fakes/studio';

const spec = defaultPipeline('species', 'classification');

describe('the view a node opens', () => {
  it('a source opens Data, a model and its Evaluate open Results on that model, any other step opens Step', () => {
    for (const node of spec.nodes) {
      const expected = node.kind === 'source' ? 'data' : node.kind === 'evaluate' || node.id === 'model' ? 'results' : 'step';
      expect(viewOfNode(spec, node.id), `${node.id} (${node.kind})`).toBe(expected);
    }
    expect(modelOfNode(spec, 'model')).toBe('model');
    expect(modelOfNode(spec, 'evaluate')).toBe('model');
    expect(modelOfNode(spec, 'impute')).toBeNull();
  });

  it('an Evaluate opens the model wired into it when a pipeline has two', () => {
    const two: PipelineSpec = structuredClone(spec);
    two.nodes.push({ id: 'forest', kind: 'random_forest', params: {} }, { id: 'evaluate_2', kind: 'evaluate', params: {} });
    two.edges.push({ from: 'split', to: 'forest' }, { from: 'forest', to: 'evaluate_2' });
    const bench = new WorkbenchState();
    bench.show('models');
    bench.openNode(two, 'evaluate_2');
    expect(bench.view).toBe('results');
    expect(bench.focusedModel).toBe('forest');
    // A step keeps the model that was focused: going back to Results shows it still.
    bench.openNode(two, 'impute');
    expect(bench.view).toBe('step');
    expect(bench.focusedModel).toBe('forest');
  });

  it('the views are numbered 1–8 in the order of the tabs, with unique ids', () => {
    expect(VIEWS.map((v) => v.id)).toEqual(['data', 'step', 'results', 'runs', 'models', 'versions', 'automl', 'predict']);
  });
});

describe('the drawer', () => {
  it('stays between its bounds however far it is dragged, and a hidden drawer opens when a view is shown', () => {
    const bench = new WorkbenchState();
    bench.resize(0.01);
    expect(bench.drawerShare).toBe(DRAWER_MIN);
    bench.resize(5);
    expect(bench.drawerShare).toBe(DRAWER_MAX);
    bench.resize(0.5);
    expect(bench.drawerShare).toBe(0.5);
    bench.toggle();
    expect(bench.open).toBe(false);
    // Selecting a node while the drawer is hidden keeps it hidden (a bigger canvas to edit on); its view follows.
    bench.openNode(spec, 'source');
    expect(bench.open).toBe(false);
    expect(bench.view).toBe('data');
    bench.openNode(spec, 'model', true);
    expect(bench.open).toBe(true);
    expect(bench.view).toBe('results');
    bench.show('runs');
    expect(bench.view).toBe('runs');
  });
});

describe('the palette search', () => {
  const groups = paletteGroups(STEP_KINDS, MODEL_KINDS, 'classification');
  const kinds = (query: string) => filterPalette(groups, query).flatMap((g) => g.items.map((i) => i.kind));

  it('matches every word in the title, the kind or the description, in any case, and keeps the groups in order', () => {
    expect(kinds('')).toEqual(groups.flatMap((g) => g.items.map((i) => i.kind)));
    expect(kinds('ONE hot')).toContain('one_hot');
    expect(kinds('forest')).toContain('random_forest');
    expect(kinds('boost')).toContain('hist_gradient_boosting');
    const items = groups.flatMap((g) => g.items);
    const scaled = filterPalette(groups, 'scale').flatMap((g) => g.items);
    expect(scaled.length).toBeGreaterThan(1);
    expect(scaled).toEqual(items.filter((i) => `${i.title} ${i.kind} ${i.description}`.toLowerCase().includes('scale')));
    expect(kinds('no such step at all')).toEqual([]);
    expect(filterPalette(groups, 'forest').map((g) => g.name)).toEqual(groups.map((g) => g.name));
  });
});

describe('the studio shows the view of what a command started', () => {
  let open: TestStudio | undefined;
  beforeEach(freshDatabase);
  afterEach(async () => {
    open?.studio.dispose();
    open = undefined;
    await closeDatabase();
  });

  it('a dataset added shows Data; Predict on a model shows Predict; Run shows Results', async () => {
    open = testStudio();
    const { studio } = open;
    await studio.init();
    studio.workbench.show('versions');
    await studio.data.addFiles([csvFile('tiny.csv', 'x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n')]);
    expect(studio.workbench.view).toBe('data');

    studio.useForPrediction('some-model');
    expect(studio.workbench.view).toBe('predict');

    studio.workbench.toggle();
    expect(studio.runBlocker).toBeNull();
    await studio.run();
    expect(studio.workbench.view).toBe('results');
    expect(studio.workbench.open).toBe(true);
  });

  it("the last session's dataset coming back at start does not take the drawer from the view picked meanwhile", async () => {
    const first = testStudio();
    await first.studio.init();
    await first.studio.data.addFiles([csvFile('tiny.csv', 'x,y\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n')]);
    first.studio.dispose();

    open = testStudio();
    const { studio } = open;
    studio.workbench.show('models');
    await studio.init();
    expect(studio.data.summary?.name).toBe('tiny.csv');
    expect(studio.workbench.view).toBe('models');
  });
});
