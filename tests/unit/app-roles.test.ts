/**
 * What to predict and what each column is for, as a person meets them: a new file without a known
 * target asks what to predict (a sample does not), the answer sets the target and its pipeline; the
 * columns' roles are shown, a chosen role is stored with the dataset (IndexedDB) and the proposed
 * pipeline follows it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as datasetStore from '../../src/store/datasets';
import { closeDatabase, csvFile, freshDatabase, testStudio, type TestStudio } from './fakes/studio';

/** Twelve orders: an id, a free-text-free small table with a category, a number and what was bought. */
const ORDERS = ['order_id,region,amount,bought', ...Array.from({ length: 12 }, (_, i) => `${i + 1},${['north', 'south', 'east'][i % 3]},${(10 + i * 2.5).toFixed(1)},${i % 2 ? 'yes' : 'no'}`)].join('\n') + '\n';

let t: TestStudio;

beforeEach(async () => {
  freshDatabase();
  t = testStudio({ samples: [{ info: { name: 'Orders', file: 'orders.csv', target: 'region', task: 'classification', description: 'Orders' }, text: ORDERS }] });
  await t.studio.init();
});

afterEach(async () => {
  t.studio.dispose();
  await closeDatabase();
});

const stepIds = () => (t.studio.pipeline.spec?.nodes ?? []).map((n) => n.id).filter((id) => !['source', 'split', 'model', 'evaluate'].includes(id));

describe('what do you want to predict?', () => {
  it('is asked for a new file, with the suggestion in place; the answer sets the target and proposes its pipeline', async () => {
    const { studio } = t;
    await studio.data.addFiles([csvFile('orders.csv', ORDERS)]);
    expect(studio.data.askTarget).toBe(true);
    expect(studio.data.target).toBe('bought');
    expect(studio.data.summary?.targetReason).toBe('a categorical column with 2 classes, the last column');
    expect(studio.data.summary?.targets).toEqual([
      { name: 'order_id', task: 'regression' },
      { name: 'region', task: 'classification', classes: 3 },
      { name: 'amount', task: 'regression' },
      { name: 'bought', task: 'classification', classes: 2 },
    ]);
    expect(studio.pipeline.spec?.target).toBe('bought');

    await studio.answerTarget('region');
    expect(studio.data.askTarget).toBe(false);
    expect(studio.data.target).toBe('region');
    expect(studio.pipeline.spec).toMatchObject({ target: 'region', task: 'classification' });
    expect((await datasetStore.listDatasets())[0].target).toBe('region');
  });

  it('keeps the pipeline when the suggestion is confirmed', async () => {
    const { studio } = t;
    await studio.data.addFiles([csvFile('orders.csv', ORDERS)]);
    const proposed = studio.pipeline.spec;
    await studio.answerTarget('bought');
    expect(studio.data.askTarget).toBe(false);
    expect(studio.pipeline.spec).toBe(proposed);
  });

  it('is not asked for a sample, whose target is known, nor for a file already stored', async () => {
    const { studio } = t;
    await studio.data.addSample(studio.data.samples[0]);
    expect(studio.data.target).toBe('region');
    expect(studio.data.askTarget).toBe(false);
    await studio.data.addFiles([csvFile('copy of orders.csv', ORDERS)]);
    expect(studio.data.notice).toContain('already in the Datasets list');
    expect(studio.data.askTarget).toBe(false);
  });
});

describe('column roles', () => {
  it('are shown for the target chosen, and a chosen role is stored and followed by the pipeline', async () => {
    const { studio } = t;
    await studio.data.addFiles([csvFile('orders.csv', ORDERS)]);
    await studio.answerTarget('bought');
    expect(studio.data.roles.map((r) => [r.name, r.role])).toEqual([
      ['order_id', 'identifier'],
      ['region', 'category'],
      ['amount', 'numeric'],
    ]);
    expect(stepIds()).toEqual(['drop_columns', 'impute', 'standardize', 'one_hot']);
    expect(studio.pipeline.spec?.nodes.find((n) => n.id === 'drop_columns')?.params).toEqual({ columns: ['order_id'] });

    await studio.data.setRole('region', 'ignore');
    const [stored] = await datasetStore.listDatasets();
    expect(stored.overrides.roles).toEqual({ region: 'ignore' });
    expect(studio.data.roles.find((r) => r.name === 'region')).toMatchObject({ role: 'ignore', inferred: 'category' });
    expect(studio.pipeline.spec?.nodes.find((n) => n.id === 'drop_columns')?.params).toEqual({ columns: ['order_id', 'region'] });
    expect(stepIds()).toEqual(['drop_columns', 'impute', 'standardize', 'one_hot']);
    // The proposal is one undoable edit.
    expect(studio.pipeline.undoLabel).toBe('Propose pipeline');

    // Choosing the inferred role again forgets the choice.
    await studio.data.setRole('region', 'category');
    expect((await datasetStore.listDatasets())[0].overrides).toEqual({});
    expect(studio.pipeline.spec?.nodes.find((n) => n.id === 'drop_columns')?.params).toEqual({ columns: ['order_id'] });
  });

  it('keep the chosen model kind when the pipeline is proposed again', async () => {
    const { studio } = t;
    await studio.data.addFiles([csvFile('orders.csv', ORDERS)]);
    await studio.setModelKind('random_forest');
    await studio.data.setRole('amount', 'ignore');
    expect(studio.pipeline.modelNode?.kind).toBe('random_forest');
    expect(stepIds()).toEqual(['drop_columns']);
    expect(studio.pipeline.spec?.nodes.find((n) => n.id === 'drop_columns')?.params).toEqual({ columns: ['order_id', 'amount'] });
  });

  it('survive reading the file again with other options, and a reload', async () => {
    const { studio } = t;
    await studio.data.addFiles([csvFile('orders.csv', ORDERS)]);
    await studio.data.setRole('amount', 'category');
    const id = studio.data.activeId as string;
    await studio.data.setOverrides(id, { ...studio.data.active?.overrides, missingTokens: ['NA'] });
    expect((await datasetStore.getDataset(id))?.overrides).toEqual({ missingTokens: ['NA'], roles: { amount: 'category' } });

    studio.dispose();
    t = testStudio();
    await t.studio.init();
    expect(t.studio.data.activeId).toBe(id);
    expect(t.studio.data.askTarget).toBe(false);
    expect(t.studio.data.roles.find((r) => r.name === 'amount')).toMatchObject({ role: 'category', inferred: 'numeric' });
    expect(t.studio.pipeline.spec?.nodes.find((n) => n.kind === 'cast_kind')?.params).toEqual({ column: 'amount', to: 'categorical', invalid: 'missing' });
  });
});
