/**
 * Combining datasets in the editor: two files dropped as datasets, joined (or appended) by nodes
 * built on the canvas, or by a pipeline file opened with the page's control; the run trains on the
 * combined rows and the run log says what the join or append did.
 */
import type { Locator, Page } from '@playwright/test';
import { canvas, node, settle, wire } from './canvas';
import { answerTarget, dropFiles, openStudio, region, runAndWait, metric, expect, test } from './helpers';

/** Customers (one row each, ids 0–29) and orders, some of customers that are not in the file. */
function files() {
  let seed = 7;
  const rng = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const customers = Array.from({ length: 30 }, (_, id) => `${id},${['retail', 'trade', 'staff'][id % 3]},${20 + (id % 37)}`);
  const orders: string[] = [];
  let matched = 0;
  for (let o = 0; o < 240; o++) {
    const customer = Math.floor(rng() * 34);
    const amount = Math.round(rng() * 200);
    const trade = customer < 30 && customer % 3 === 1;
    if (customer < 30) matched++;
    orders.push(`${o},${customer},${amount},${(trade ? amount > 60 : amount > 140) ? 'yes' : 'no'}`);
  }
  return {
    customers: ['customer_id,segment,age', ...customers].join('\n') + '\n',
    orders: ['order,customer,amount,returned', ...orders].join('\n') + '\n',
    matched,
  };
}

async function pick(page: Page, id: string): Promise<void> {
  await region(page, 'Pipeline').getByRole('combobox', { name: 'Node', exact: true }).selectOption(id);
}

async function add(page: Page, title: string): Promise<void> {
  await region(page, 'Pipeline').getByRole('navigation', { name: 'Step palette' }).getByRole('button', { name: `Add ${title}`, exact: true }).click();
}

async function loadBoth(page: Page) {
  const data = files();
  await openStudio(page);
  await dropFiles(page, [
    { name: 'customers.csv', type: 'text/csv', text: data.customers },
    { name: 'orders.csv', type: 'text/csv', text: data.orders },
  ]);
  await answerTarget(page);
  const list = page.getByRole('list', { name: 'Datasets' });
  await expect(list.getByRole('radio')).toHaveCount(2);
  await expect(list.getByRole('radio', { name: 'orders.csv', exact: true })).toBeChecked();
  await expect(page.getByLabel('Target column')).toHaveValue('returned');
  await expect(node(page, 'impute')).toBeVisible();
  return data;
}

/** The run log's row of a node. */
function logRow(page: Page, id: string): Locator {
  return page.getByRole('table', { name: 'Run log' }).locator(`tr[data-node="${id}"]`);
}

test('join two datasets on the canvas: pick the right dataset and the keys, run, and train on the joined rows', async ({ page }) => {
  const { matched } = await loadBoth(page);
  const panel = region(page, 'Pipeline');
  const run = page.getByRole('button', { name: 'Run', exact: true });

  // A join after the source goes between it and the preprocessing; the source feeds its left input.
  await pick(page, 'source');
  await add(page, 'Join');
  await expect(node(page, 'join')).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toContainText('join: join needs a left and a right input; right not connected');
  await expect(run).toBeDisabled();

  // A second dataset node, reading customers.csv (picked by name in the inspector).
  await pick(page, 'join');
  await panel.getByRole('button', { name: 'Zoom to fit' }).click();
  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await expect(node(page, 'source_2')).toBeVisible();
  await panel.getByLabel('Dataset', { exact: true }).selectOption({ label: 'customers.csv' });
  await expect(node(page, 'source_2')).toContainText('customers.csv');

  // Wire it into the join's right input with the mouse.
  await panel.getByRole('button', { name: 'Auto-layout' }).click();
  await panel.getByRole('button', { name: 'Zoom to fit' }).click();
  await settle(page);
  await wire(page, 'source_2', node(page, 'join').getByLabel('right input of join'));
  // Two into the join, and a chain of eight: join, drop_columns (the order id), impute, standardize, one_hot, split, model, evaluate.
  await expect(canvas(page).locator('.svelte-flow__edge')).toHaveCount(9);

  // Keys: the left input's column, and the right input's own name for it.
  await pick(page, 'join');
  await expect(panel.getByText('Right input: source_2')).toBeVisible();
  await panel.getByLabel('Key columns (left input)').selectOption('customer');
  await expect(panel.getByLabel(/^Right key columns/).locator('option')).toHaveText(['customer_id (numeric)', 'segment (categorical)', 'age (numeric)']);
  await panel.getByLabel(/^Right key columns/).selectOption('customer_id');
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeHidden();

  // Below the join, the pickers offer the joined columns (the order number, an identifier, is dropped before).
  await pick(page, 'one_hot');
  await expect(panel.getByLabel(/^Columns/).locator('option')).toHaveText(['customer (numeric)', 'amount (numeric)', 'returned (boolean)', 'segment (categorical)', 'age (numeric)']);

  await expect(run).toBeEnabled();
  await runAndWait(page);
  expect(await metric(page, 'Accuracy')).toBeGreaterThan(0.8);
  const join = logRow(page, 'join');
  await expect(join).toContainText(`${240 + 30} → ${matched}`);
  await expect(join).toContainText(`240 left rows joined with 30 right rows (inner): ${matched} rows`);
  await expect(join).toContainText(`${240 - matched} left rows matched no right row: left out`);
});

test('append the rows of two datasets: the columns not in both are reported and left out', async ({ page }) => {
  await openStudio(page);
  const rows = (from: number, n: number, extra: boolean) =>
    Array.from({ length: n }, (_, i) => `${from + i},${((from + i) * 7) % 50},${(from + i) % 2 ? 'yes' : 'no'}${extra ? `,${i}` : ''}`).join('\n');
  await dropFiles(page, [
    { name: 'january.csv', type: 'text/csv', text: `id,size,label,note\n${rows(0, 60, true)}\n` },
    { name: 'february.csv', type: 'text/csv', text: `id,size,label\n${rows(60, 50, false)}\n` },
  ]);
  await answerTarget(page);
  await expect(page.getByRole('list', { name: 'Datasets' }).getByRole('radio')).toHaveCount(2);
  await expect(page.getByLabel('Target column')).toHaveValue('label');
  await expect(node(page, 'impute')).toBeVisible();
  const panel = region(page, 'Pipeline');

  await pick(page, 'source');
  await add(page, 'Append rows');
  await page.getByRole('button', { name: 'Add Dataset', exact: true }).click();
  await panel.getByLabel('Dataset', { exact: true }).selectOption({ label: 'january.csv' });
  // The keyboard way to connect: the append's inspector lists the nodes that may feed it.
  await pick(page, 'append');
  await panel.getByLabel('Connect input from').selectOption({ label: 'source_2 — Dataset' });
  await expect(panel.getByRole('list', { name: 'Notes on append' })).toContainText('column "note" is not in source: left out');
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeHidden();

  await runAndWait(page);
  const append = logRow(page, 'append');
  await expect(append).toContainText('110 → 110');
  await expect(append).toContainText('stacked 50 rows of source, 60 rows of source_2');
  await expect(append).toContainText('column "note" is not in source: left out');
});

test('a pipeline file that joins two datasets opens with the page control and runs', async ({ page }) => {
  const { matched } = await loadBoth(page);
  const panel = region(page, 'Pipeline');
  // The file names datasets by id, as a pipeline saved from this page does.
  await add(page, 'Dataset');
  const ids = Object.fromEntries(
    await panel.getByLabel('Dataset', { exact: true }).locator('option').evaluateAll((options) => options.map((o) => [o.textContent, (o as HTMLOptionElement).value])),
  ) as Record<string, string>;
  const spec = {
    format: 'pipeline-studio.pipeline',
    version: 1,
    name: 'Orders with customers',
    task: 'classification',
    target: 'returned',
    nodes: [
      { id: 'orders', kind: 'source', params: { dataset: ids['orders.csv'] } },
      { id: 'customers', kind: 'source', params: { dataset: ids['customers.csv'] } },
      { id: 'join', kind: 'join', params: { keys: ['customer'], right_keys: ['customer_id'], how: 'left', suffix: '_right' } },
      { id: 'impute', kind: 'impute', params: { numeric: 'median' } },
      { id: 'one_hot', kind: 'one_hot', params: {} },
      { id: 'split', kind: 'split', params: { test_fraction: 0.25, seed: 1, stratify: true } },
      { id: 'model', kind: 'logistic_regression', params: {} },
      { id: 'evaluate', kind: 'evaluate', params: {} },
    ],
    edges: [
      { from: 'orders', to: 'join', port: 'left' },
      { from: 'customers', to: 'join', port: 'right' },
      { from: 'join', to: 'impute' },
      { from: 'impute', to: 'one_hot' },
      { from: 'one_hot', to: 'split' },
      { from: 'split', to: 'model' },
      { from: 'model', to: 'evaluate' },
    ],
  };
  await page.getByLabel('Open pipeline').setInputFiles({ name: 'orders.pipeline.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(spec)) });
  await expect(node(page, 'customers')).toContainText('customers.csv');
  await expect(node(page, 'join').getByLabel('left input of join')).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeHidden();
  await runAndWait(page);
  expect(await metric(page, 'Accuracy')).toBeGreaterThan(0.7);
  // A left join keeps every order: those of unknown customers with the customer columns missing.
  await expect(logRow(page, 'join')).toContainText('270 → 240');
  await expect(logRow(page, 'join')).toContainText(`${240 - matched} left rows matched no right row: kept, right columns missing`);
});
