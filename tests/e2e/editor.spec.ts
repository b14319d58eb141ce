import type { Page } from '@playwright/test';
import { canvas, node, reveal, settle, wire } from './canvas';
import { loadSample, metric, openStudio, region, runAndWait, expect, test } from './helpers';

/** Select a node by clicking its title. */
async function pick(page: Page, id: string): Promise<void> {
  await reveal(page, node(page, id));
  await node(page, id).locator('.title').click();
  await expect(region(page, 'Pipeline').getByRole('combobox', { name: 'Node', exact: true })).toHaveValue(id);
}

/** Drag a palette item onto the canvas (real HTML5 drag and drop), at a point of the canvas; `adds` nodes appear (a model brings its evaluate node). */
async function dragFromPalette(page: Page, title: string, x: number, y: number, adds = 1): Promise<void> {
  const before = await canvas(page).locator('.svelte-flow__node').count();
  const item = region(page, 'Pipeline').getByRole('navigation', { name: 'Step palette' }).getByRole('button', { name: `Add ${title}`, exact: true });
  // Canvas and item both in view first: scrolling a long palette's item into view could otherwise push the drop point off screen.
  await canvas(page).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await item.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
  await item.dragTo(canvas(page), { targetPosition: { x, y } });
  await expect(canvas(page).locator('.svelte-flow__node')).toHaveCount(before + adds);
  await settle(page);
}

const input = (page: Page, id: string) => node(page, id).locator('.svelte-flow__handle.target');

async function connect(page: Page, from: string, to: string): Promise<void> {
  const edges = canvas(page).locator('.svelte-flow__edge');
  const before = await edges.count();
  await wire(page, from, input(page, to));
  await expect(edges).toHaveCount(before + 1);
}

test('build a pipeline from an empty canvas, edit, undo and redo, branch into two models, run both, delete', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  // Editing on the whole window: the drawer hidden, and it stays hidden while nodes are selected.
  await page.getByRole('button', { name: 'Hide the drawer' }).click();
  const panel = region(page, 'Pipeline');
  const status = panel.getByRole('status', { name: 'Editor status' });
  const run = page.getByRole('button', { name: 'Run', exact: true });

  await panel.getByRole('button', { name: 'New empty pipeline' }).click();
  await expect(canvas(page).locator('.svelte-flow__node')).toHaveCount(1);
  await expect(run).toBeDisabled();
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeVisible();

  // The palette lists every step and model kind, grouped.
  const palette = panel.getByRole('navigation', { name: 'Step palette' });
  for (const group of ['data', 'encode', 'scale', 'features', 'split', 'models', 'evaluate']) {
    await expect(palette.getByRole('list', { name: `${group} steps` })).toBeVisible();
  }
  expect(await palette.getByRole('button').count()).toBeGreaterThanOrEqual(18 + 2 + 2);

  await dragFromPalette(page, 'Impute missing values', 250, 120);
  await dragFromPalette(page, 'One-hot encode', 420, 120);
  await dragFromPalette(page, 'Train/test split', 560, 120);
  // A model comes with its evaluate node, already connected.
  await dragFromPalette(page, 'Logistic regression', 600, 250, 2);
  await expect(status).toHaveText('Add Logistic regression and its evaluation (evaluate)');
  await expect(canvas(page).locator('.svelte-flow__edge')).toHaveCount(1);

  // Dropped cards can cover each other's handles (their size follows their parameters): lay them out first.
  await panel.getByRole('button', { name: 'Auto-layout' }).click();
  await panel.getByRole('button', { name: 'Zoom to fit' }).click();
  await settle(page);

  // A connection whose types do not fit is refused, with the reason.
  await wire(page, 'source', input(page, 'logistic_regression'));
  await expect(status).toContainText('Connection refused: logistic_regression takes a split, but source gives a table');
  await expect(canvas(page).locator('.svelte-flow__edge')).toHaveCount(1);

  await connect(page, 'source', 'impute');
  await connect(page, 'impute', 'one_hot');
  await connect(page, 'one_hot', 'split');
  await connect(page, 'split', 'logistic_regression');

  // The keyboard way: select a node, then a palette item adds it after that node (here: into the chain).
  await pick(page, 'one_hot');
  await palette.getByRole('button', { name: 'Add Standardise', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(node(page, 'standardize')).toBeVisible();
  await settle(page);
  await expect(canvas(page).locator('.svelte-flow__edge')).toHaveCount(6);
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeHidden();
  await expect(run).toBeEnabled();

  await panel.getByRole('button', { name: 'Auto-layout' }).click();
  await settle(page);

  // Inspector: an invalid value is marked at the field and on the node, and Run is disabled.
  await pick(page, 'split');
  const fraction = panel.getByLabel('Test fraction');
  await expect(fraction).toHaveValue('0.2');
  await fraction.fill('2');
  await fraction.press('Tab');
  await expect(fraction).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.getByText('test_fraction must be ≤ 0.95').first()).toBeVisible();
  await expect(node(page, 'split')).toContainText('test_fraction must be ≤ 0.95');
  await expect(run).toBeDisabled();
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toContainText('split: test_fraction must be ≤ 0.95');

  // Undo (button) and redo (keyboard), then undo (keyboard) again.
  await panel.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(fraction).toHaveValue('0.2');
  await expect(fraction).not.toHaveAttribute('aria-invalid', 'true');
  await expect(run).toBeEnabled();
  await panel.getByRole('button', { name: 'Zoom to fit' }).focus();
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect(fraction).toHaveValue('2');
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(fraction).toHaveValue('0.2');
  await fraction.fill('0.25');
  await fraction.press('Tab');
  await expect(node(page, 'split')).toContainText('0.25');

  // A second model on the same split, with its own evaluation.
  await dragFromPalette(page, 'Neural network (MLP)', 450, 360, 2);
  await connect(page, 'split', 'mlp');
  await expect(run).toBeEnabled();
  // Without it, the model leads nowhere; wired to the evaluate node that has its model, it gets one of its own again.
  await pick(page, 'evaluate_2');
  await page.keyboard.press('Delete');
  await expect(node(page, 'evaluate_2')).toHaveCount(0);
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toContainText('leads nowhere');
  await panel.getByRole('button', { name: 'Auto-layout' }).click();
  await connect(page, 'mlp', 'evaluate');
  await expect(status).toHaveText('evaluate already evaluates another model: added evaluate_2 to evaluate mlp');
  await expect(canvas(page).locator('.svelte-flow__edge[aria-label="Edge from mlp to evaluate_2"]')).toHaveCount(1);
  await expect(canvas(page).locator('.svelte-flow__edge[aria-label="Edge from logistic_regression to evaluate"]')).toHaveCount(1);
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeHidden();
  await expect(run).toBeEnabled();

  await runAndWait(page);
  const tabs = region(page, 'Results').getByRole('tablist', { name: 'Models of the run' }).getByRole('tab');
  await expect(tabs).toHaveCount(2);
  await tabs.filter({ hasText: 'logistic_regression' }).click();
  expect(await metric(page, 'Accuracy')).toBeGreaterThan(0.9);
  await tabs.filter({ hasText: 'mlp' }).click();
  expect(await metric(page, 'Accuracy')).toBeGreaterThan(0.5);

  await region(page, 'Pipeline').getByRole('button', { name: 'Auto-layout' }).click();
  await settle(page);
  // Delete a node (key), then the second branch's model (button); undo brings it back.
  await pick(page, 'evaluate_2');
  await page.keyboard.press('Delete');
  await expect(node(page, 'evaluate_2')).toHaveCount(0);
  await pick(page, 'mlp');
  await panel.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(node(page, 'mlp')).toHaveCount(0);
  await expect(run).toBeEnabled();
  await panel.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(node(page, 'mlp')).toBeVisible();
});

test('duplicate, copy and paste, auto-layout, the model select and the minimap', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  await page.keyboard.press('0'); // the drawer's shortcut: hidden, for a bigger canvas
  await expect(page.getByRole('button', { name: /^Show the drawer/ })).toBeVisible();
  const panel = region(page, 'Pipeline');
  await expect(panel.getByRole('img', { name: 'Pipeline minimap' }).or(panel.getByLabel('Pipeline minimap'))).toBeVisible();
  const nodes = canvas(page).locator('.svelte-flow__node');
  const count = await nodes.count();

  // The Model select swaps the model node's kind in place.
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  await expect(node(page, 'model')).toContainText('Neural network (MLP)');
  await expect(nodes).toHaveCount(count);

  // Duplicate a model: the copy is fed by the same split.
  await pick(page, 'model');
  await panel.getByRole('button', { name: 'Duplicate', exact: true }).click();
  await expect(nodes).toHaveCount(count + 1);
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toContainText('leads nowhere');

  // Copy and paste an evaluate node after the new model (select the model, paste).
  await pick(page, 'evaluate');
  await page.keyboard.press('ControlOrMeta+C');
  await pick(page, 'mlp');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(nodes).toHaveCount(count + 2);
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();

  // The keyboard way to connect: disconnect the pasted evaluation's input, connect it again from the inspector.
  await expect(panel.getByRole('combobox', { name: 'Node', exact: true })).toHaveValue('evaluate_2');
  await panel.getByRole('button', { name: 'Disconnect input' }).click();
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeVisible();
  await panel.getByLabel('Connect input from').selectOption('mlp');
  await expect(panel.getByRole('list', { name: 'Pipeline problems' })).toBeHidden();

  // Auto-layout puts the two branches on rows of their own.
  await panel.getByRole('button', { name: 'Auto-layout' }).click();
  const a = await node(page, 'model').boundingBox();
  const b = await node(page, 'mlp').boundingBox();
  expect(a && b && Math.abs(a.x - b.x) < 2 && Math.abs(a.y - b.y) > 20).toBe(true);
  await panel.getByRole('button', { name: 'Zoom to fit' }).click();
  await panel.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Redo', exact: true })).toBeEnabled();
});
