import { readFileSync } from 'node:fs';
import { answerTarget, dropFiles, expect, expectChart, expectDataset, loadSample, metric, openStudio, predictLoaded, region, runAndWait, sampleText, savedModels, test, view, viewTab } from './helpers';
import { node, reveal } from './canvas';

test('golden path on a sample: load, run, save, reload, predict, export, delete, import, predict the same', async ({
  page,
}, testInfo) => {
  await openStudio(page);

  // 1. Data
  await loadSample(page, 'penguins', 344, 8);
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  // Every row is in the table's size (and header), only those in view and a few more are in the page.
  await expect(page.getByRole('table', { name: 'Data preview' })).toHaveAttribute('aria-rowcount', '345');
  await expect.poll(() => page.getByRole('table', { name: 'Data preview' }).locator('tbody tr').count()).toBeLessThan(30);
  const columns = page.getByRole('table', { name: 'Columns' });
  await expect(columns.getByRole('row', { name: /^sex\b/ })).toContainText('categorical');
  await expect(columns.getByRole('row', { name: /^sex\b/ })).toContainText('11');
  await expect(columns.getByRole('row', { name: /^bill_length_mm\b/ })).toContainText('numeric');

  // 2. Pipeline: a left-to-right chain with a model node, and a model choice for the task.
  const steps = region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' }).getByRole('listitem');
  await expect(steps.first()).toBeVisible();
  expect(await steps.count()).toBeGreaterThanOrEqual(5);
  await expect(region(page, 'Pipeline').locator('.svelte-flow__node')).toHaveCount(await steps.count());
  const model = page.getByLabel('Model', { exact: true });
  expect(await model.locator('option').count()).toBeGreaterThanOrEqual(2);

  // 3. Train
  await expect(page.getByLabel('Backend')).toHaveValue('auto');
  await runAndWait(page);
  await expect(page.getByTestId('backend-used')).toHaveText(/^(WebGPU \(TensorFlow\.js\)|WebGL|WebAssembly|CPU \(plain JavaScript\)|CPU \(\d+ workers?\))$/);
  await expectChart(region(page, 'Train').getByRole('img', { name: 'Loss curve' }));

  // 4. Results
  const accuracy = await metric(page, 'Accuracy');
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
  expect(await metric(page, 'Macro F1')).toBeGreaterThan(0.85);
  await expectChart(region(page, 'Results').getByRole('img', { name: 'Confusion matrix' }));

  // Each node opens its views in the drawer: the dataset its table, a step its columns and last run, the model and its Evaluate their results.
  const nodeList = region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' });
  await nodeList.getByRole('button', { name: 'Dataset', exact: true }).click();
  await expect(viewTab(page, 'Data')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();
  await nodeList.getByRole('button', { name: 'One-hot encode', exact: true }).click();
  await expect(viewTab(page, 'Step')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'One-hot encode (one_hot)' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Columns out' })).toContainText('island=Biscoe');
  await expect(page.getByLabel('Last run of one_hot')).toContainText('344 → 344');
  // What it learned from the training rows: the categories each column keeps.
  await expect(page.getByLabel('Fitted state of one_hot')).toContainText('columns.island');
  await expect(page.getByLabel('Fitted state of one_hot')).toContainText('Biscoe, Dream, Torgersen');
  // On the canvas: a click on the Evaluate node shows its model's results.
  await reveal(page, node(page, 'evaluate'));
  await node(page, 'evaluate').click();
  await expect(viewTab(page, 'Results')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Metrics' })).toBeVisible();

  // 5. Save, and the model survives a reload.
  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  await page.reload();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  await expect(savedModels(page).getByRole('listitem').first()).toContainText('species');

  // Predict on the dataset (loaded again after the reload).
  await loadSample(page, 'penguins', 344, 8);
  const before = await predictLoaded(page);
  expect(before.split('\n').length).toBeGreaterThan(10);
  await expect(region(page, 'Predict')).toContainText('344 rows scored');
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download predictions' }).click();
  const csv = readFileSync(await (await csvDownload).path(), 'utf8');
  expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(345);

  // Export: one file, through a real download.
  await view(page, 'Models');
  const downloading = page.waitForEvent('download');
  await savedModels(page).getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.pstudio$/);
  const modelFile = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(modelFile);
  const bytes = readFileSync(modelFile);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

  // Delete, then import the exported file: it predicts exactly as before.
  await savedModels(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(0);
  await page.getByLabel('Import model').setInputFiles(modelFile);
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  expect(await predictLoaded(page)).toBe(before);
});

test('golden path with a CSV dropped on the page, and a model file dropped back in', async ({ page }, testInfo) => {
  await openStudio(page);

  await dropFiles(page, [{ name: 'iris-dropped.csv', type: 'text/csv', text: sampleText('iris.csv') }], { checkOverlay: true });
  // A file has no known target: the page asks, with Species suggested.
  await answerTarget(page);
  await expectDataset(page, 150, 5);
  await expect(region(page, 'Data')).toContainText('iris-dropped.csv');
  await expect(page.getByLabel('Target column')).toHaveValue('Species');

  // Run from the keyboard.
  await runAndWait(page, 'keyboard');
  expect(await metric(page, 'Accuracy')).toBeGreaterThanOrEqual(0.9);

  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  await page.reload();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);

  await dropFiles(page, [{ name: 'iris-dropped.csv', type: 'text/csv', text: sampleText('iris.csv') }]);
  await expectDataset(page, 150, 5);
  const before = await predictLoaded(page);

  await view(page, 'Models');
  const downloading = page.waitForEvent('download');
  await savedModels(page).getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  const modelFile = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(modelFile);

  await savedModels(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(0);

  // Dropping a .pstudio file imports it and shows the Models view (the dataset stays as it was).
  await view(page, 'Data');
  await dropFiles(page, [
    { name: download.suggestedFilename(), type: 'application/zip', base64: readFileSync(modelFile).toString('base64') },
  ]);
  await expect(viewTab(page, 'Models')).toHaveAttribute('aria-selected', 'true');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  await expectDataset(page, 150, 5);
  expect(await predictLoaded(page)).toBe(before);
});
