/**
 * The three tree kinds through the studio: the default pipeline leaves out what trees do not need,
 * a run on a shared dataset trains and scores them, the forest and boosting in the CLI's worker
 * threads give the same model as in one thread, the model card and the insights say what the model
 * holds.
 */
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../src/cli/host';
import { readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { parseCsv } from '../../src/core/csv/parse';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { Table } from '../../src/core/table/table';

const datasets = new URL('../../../shared/datasets/', import.meta.url);

async function penguins(): Promise<{ table: Table; test: number[] }> {
  const { table } = await parseCsv(new Uint8Array(readFileSync(new URL('penguins.csv', datasets))));
  const { test_indices: test } = JSON.parse(readFileSync(new URL('penguins.test-idx.json', datasets), 'utf8')) as { test_indices: number[] };
  return { table, test };
}

const dataset = { name: 'penguins.csv', sha256: '0'.repeat(64) };
const compute = nodeHost(2);
afterAll(() => compute.close());

describe('tree models in a pipeline', () => {
  it('take the columns as they are: no impute, one-hot or scaling step before them', () => {
    for (const kind of ['hist_gradient_boosting', 'random_forest', 'decision_tree']) {
      expect(defaultPipeline('species', 'classification', kind).nodes.map((n) => n.kind)).toEqual(['source', 'split', kind, 'evaluate']);
    }
    expect(defaultPipeline('species', 'classification', 'logistic_regression').nodes.map((n) => n.kind)).toEqual(['source', 'impute', 'standardize', 'one_hot', 'split', 'logistic_regression', 'evaluate']);
  });

  it('gradient boosting learns penguins from raw columns (categories and missing values natively), reports iterations and a loss curve', async () => {
    const { table, test } = await penguins();
    const events: { loss?: number; unit?: string }[] = [];
    const { summary, fitted } = await runFirstModel(defaultPipeline('species', 'classification', 'hist_gradient_boosting'), table, {
      dataset,
      testRows: { test },
      onEvent: (e) => e.type === 'epoch' && events.push(e),
    });
    expect(summary.metrics.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(summary.backend).toBe('cpu-workers-1');
    expect(events.length).toBe(100);
    expect(events.every((e) => e.unit === 'iteration' && Number.isFinite(e.loss))).toBe(true);
    expect(events[99].loss!).toBeLessThan(events[0].loss!);
    // island and sex reach the model as categories, not one-hot columns.
    expect(fitted.model.categories?.island).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    const importances = summary.insights?.importances;
    expect(importances?.features.map((f) => f.name)).toEqual(fitted.model.features);
    expect(importances?.features.reduce((a, f) => a + f.importance, 0)).toBeCloseTo(1, 9);
    expect(summary.insights?.tree?.nodes[0].condition).toMatch(/ ≤ | ∈ /);
  });

  it('gradient boosting lent two worker threads says CPU (2 workers) and gives the model of one thread', async () => {
    const { table, test } = await penguins();
    const spec = defaultPipeline('species', 'classification', 'hist_gradient_boosting');
    spec.nodes.find((n) => n.kind === 'hist_gradient_boosting')!.params.max_iter = 20;
    const alone = await runFirstModel(spec, table, { dataset, testRows: { test }, seed: 4 });
    const pooled = await runFirstModel(spec, table, { dataset, testRows: { test }, seed: 4, host: compute.host });
    expect(alone.summary.backend).toBe('cpu-workers-1');
    expect(pooled.summary.backend).toBe('cpu-workers-2');
    expect(pooled.fitted.model.artifacts).toEqual(alone.fitted.model.artifacts);
  });

  it('a random forest grown in two worker threads equals the one grown in this thread, and says CPU (2 workers)', async () => {
    const { table, test } = await penguins();
    const spec = defaultPipeline('species', 'classification', 'random_forest');
    spec.nodes.find((n) => n.kind === 'random_forest')!.params.n_estimators = 30;
    const alone = await runFirstModel(spec, table, { dataset, testRows: { test }, seed: 3 });
    const pooled = await runFirstModel(spec, table, { dataset, testRows: { test }, seed: 3, host: compute.host });
    expect(alone.summary.backend).toBe('cpu-workers-1');
    expect(pooled.summary.backend).toBe('cpu-workers-2');
    expect(pooled.fitted.model.artifacts).toEqual(alone.fitted.model.artifacts);
    expect(pooled.summary.metrics.accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('a decision tree is stored without training rows, reloads to identical predictions, and is drawn with its splits', async () => {
    const { table, test } = await penguins();
    const spec = defaultPipeline('species', 'classification', 'decision_tree');
    spec.nodes.find((n) => n.kind === 'decision_tree')!.params.max_depth = 3;
    const { summary, fitted } = await runFirstModel(spec, table, { dataset, testRows: { test } });
    const bytes = await writeBundle(fitted);
    const files = unzipSync(bytes);
    expect(Object.keys(files).filter((f) => f.startsWith('model/')).sort()).toEqual(['model/trees.bin', 'model/trees.json']);
    // 7 nodes at most (depth 3): the tree file is a few hundred bytes, not the 275 training rows.
    expect(files['model/trees.bin'].length).toBeLessThan(2000);
    const card = strFromU8(files['MODEL_CARD.md']);
    expect(card).toContain('No training rows are stored.');
    const back = (await readBundle(bytes)).fitted;
    const values = (c: Awaited<ReturnType<typeof predictTable>>) => c.map((col) => Array.from<string | number>(col.values));
    expect(values(await predictTable(back, table))).toEqual(values(await predictTable(fitted, table)));
    const tree = summary.insights!.tree!;
    expect(tree.trees).toBe(1);
    expect(tree.maxDepth).toBeLessThanOrEqual(3);
    expect(tree.nodes[0].samples).toBe(table.rowCount - test.length);
    // Every inner node's rows are its children's rows.
    for (const node of tree.nodes) if (node.children) expect(tree.nodes[node.children[0]].samples + tree.nodes[node.children[1]].samples).toBe(node.samples);
  });
});
