/**
 * Tree models in the page: gradient boosting on the raw penguin columns (no encoding steps), with
 * its iterations, loss curve and feature importances, lent the engine's worker pool (the page is
 * cross-origin isolated, so its histograms can be shared); a random forest grown in the worker pool
 * ("CPU (N workers)") and cancelled between trees; a decision tree drawn as a diagram that can be
 * zoomed and cut to a depth; and a saved forest that predicts.
 */
import { expect, expectChart, loadSample, metric, openStudio, predictLoaded, region, runAndWait, savedModels, test, view } from './helpers';

test('the Gradient boosting template trains on the columns as they are and shows iterations, its loss curve and feature importances', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await page.getByLabel('New from template').selectOption({ label: 'Gradient boosting' });
  // Trees read categories and missing values themselves: the pipeline has no impute, one-hot or scaling step.
  const steps = page.getByRole('list', { name: 'Pipeline steps' });
  await expect(steps).toContainText('Gradient boosting (histogram)');
  await expect(steps).toContainText('Random forest');
  await expect(steps).not.toContainText('One-hot');
  await expect(steps).not.toContainText('Impute');
  await expect(steps).not.toContainText('Standardise');
  const workers = await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency)));
  await runAndWait(page);
  // Both models trained with the worker pool (boosting, the pipeline's model, names the run's backend):
  // boosting for 100 iterations, the forest's trees.
  await expect(page.getByTestId('backend-used')).toHaveText(`CPU (${workers} worker${workers === 1 ? '' : 's'})`);
  const messages = page.getByRole('list', { name: 'Run messages' });
  await expect(messages).toContainText('model: gradient boosting, 100 iterations, 300 trees');
  await expect(messages).toContainText('random_forest: random forest, 100 trees');
  expect(await metric(page, 'Accuracy')).toBeGreaterThanOrEqual(0.95);
  // Boosting's loss per iteration is the only curve (a forest's trees have no loss to draw): one line, no legend.
  const curve = region(page, 'Train').getByRole('img', { name: 'Loss curve' });
  await expect(curve.locator('path.js-line')).toHaveCount(1);
  await expect(curve.locator('svg text', { hasText: 'iteration' }).first()).toBeVisible();
  const results = region(page, 'Results');
  await expect(results.getByRole('heading', { name: 'Feature importance' })).toBeVisible();
  await expectChart(results.getByRole('img', { name: 'Feature importance' }));
  await expect(results.getByText('share of the loss reduction (gain)', { exact: false }).first()).toBeVisible();
});

test('a random forest grows in the worker pool, can be cancelled between trees, and a saved one predicts', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  const workers = await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency)));
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Random forest' });

  // Far more trees than could grow in the test (5,000 take some 10 s), then Cancel once some are done: the run
  // stops between trees.
  await page.evaluate(() => {
    const studio = (window as unknown as { studio: { pipeline: { spec: { nodes: { kind: string; params: Record<string, unknown> }[] }; replace(spec: unknown, label: string): void } } }).studio;
    const spec = JSON.parse(JSON.stringify(studio.pipeline.spec)) as typeof studio.pipeline.spec;
    spec.nodes.find((n) => n.kind === 'random_forest')!.params.n_estimators = 100_000;
    studio.pipeline.replace(spec, 'many trees');
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('epoch-counter')).toHaveText(/^tree \d+ of 100000$/, { timeout: 60_000 });
  await expect(page.getByTestId('backend-used')).toHaveText(`CPU (${workers} worker${workers === 1 ? '' : 's'})`);
  const train = region(page, 'Train');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(train).toContainText('Cancelled');
  await expect(train.getByRole('alert')).toHaveCount(0);

  await page.evaluate(() => {
    const studio = (window as unknown as { studio: { pipeline: { spec: { nodes: { kind: string; params: Record<string, unknown> }[] }; replace(spec: unknown, label: string): void } } }).studio;
    const spec = JSON.parse(JSON.stringify(studio.pipeline.spec)) as typeof studio.pipeline.spec;
    spec.nodes.find((n) => n.kind === 'random_forest')!.params.n_estimators = 40;
    studio.pipeline.replace(spec, 'forty trees');
  });
  await runAndWait(page);
  await expect(page.getByTestId('epoch-counter')).toHaveText('tree 40 of 40');
  expect(await metric(page, 'Accuracy')).toBeGreaterThanOrEqual(0.93);
  await expectChart(region(page, 'Results').getByRole('img', { name: 'Feature importance' }));

  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  const predictions = await predictLoaded(page);
  for (const column of ['predicted_diagnosis', 'proba_benign', 'proba_malignant']) expect(predictions).toContain(column);
});

test('a decision tree is drawn: splits, rows and class shares; zoom and depth change the drawing', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Decision tree' });
  await runAndWait(page);
  const results = region(page, 'Results');
  const diagram = results.getByRole('img', { name: /^Tree/ });
  await expect(diagram).toBeVisible();
  // The root holds every training row and splits on a petal measurement, as any CART does on iris.
  const root = diagram.locator('g.node').first();
  await expect(root).toContainText(/Petal\.(Length|Width) ≤ /);
  await expect(root).toContainText('120 rows');
  await expect(diagram.locator('g.node').filter({ hasText: 'setosa 100 %' }).first()).toBeVisible();

  const scroll = results.getByRole('region', { name: /Tree diagram/ });
  const width = async () => Number(await diagram.getAttribute('width'));
  const before = await width();
  await results.getByRole('button', { name: 'Zoom into the tree' }).click();
  expect(await width()).toBeGreaterThan(before);
  await scroll.focus();
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  expect(await width()).toBeLessThan(before);

  const nodesAt = async () => diagram.locator('g.node').count();
  await results.getByLabel('Depth shown').selectOption('1');
  expect(await nodesAt()).toBe(3);
  await expect(results.getByText('The tree as text')).toBeVisible();
});
