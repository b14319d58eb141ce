import { loadSample, metric, modelItems, openStudio, predictLoaded, region, runAndWait, view, expect, test } from './helpers';
import { reveal } from './canvas';

test('k-nearest neighbours: chosen in the inspector, run without epochs on wasm, WebGL and WebGPU, metrics shown, saved, predicts; no TensorFlow.js export', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  const pipeline = region(page, 'Pipeline');

  // The palette offers it beside the other models.
  await expect(pipeline.getByRole('navigation', { name: 'Step palette' }).getByRole('button', { name: 'Add k-nearest neighbours', exact: true })).toBeVisible();

  // Select the model node and swap its kind in the inspector: the form shows kNN's own parameters.
  const modelNode = pipeline.getByRole('application', { name: 'Pipeline canvas' }).locator('.svelte-flow__node[data-id="model"] .title');
  await reveal(page, modelNode);
  await modelNode.click();
  await expect(pipeline.getByRole('combobox', { name: 'Node', exact: true })).toHaveValue('model');
  await pipeline.getByLabel('Model kind').selectOption({ label: 'k-nearest neighbours' });
  await expect(pipeline.getByLabel('Neighbours k')).toHaveValue('5');
  await expect(pipeline.getByLabel('Learning rate')).toHaveCount(0);
  await pipeline.getByLabel('Neighbour weights').selectOption('distance');
  await expect(pipeline.getByRole('list', { name: 'Pipeline steps' })).toContainText('k-nearest neighbours');

  await runAndWait(page);
  const accuracy = await metric(page, 'Accuracy');
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
  // The distances and top-k run as tfjs ops on the chosen backend: the GPU backends (here on
  // SwiftShader) find the same neighbours. WebGPU's results are read back asynchronously: its
  // synchronous read-back returned zeros (accuracy 0.333) before.
  for (const [backend, name] of [['webgl', 'WebGL'], ['webgpu', 'WebGPU (TensorFlow.js)']]) {
    await page.getByLabel('Backend').selectOption(backend);
    await runAndWait(page);
    await expect(page.getByTestId('backend-used')).toHaveText(name);
    expect(await metric(page, 'Accuracy')).toBe(accuracy);
  }
  await expect(region(page, 'Results').getByRole('img', { name: 'Confusion matrix' }).first()).toBeVisible();
  // One fit, no epochs: no epoch counter or loss curve, and the model node ran.
  await expect(page.getByTestId('epoch-counter')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Run log' }).locator('tr[data-node="model"]')).toHaveAttribute('data-status', 'ran');
  await expect(page.getByRole('list', { name: 'Run messages' })).toContainText(
    'model: k-nearest neighbours keeps 120 training rows × 4 features (k = 5, distance weights, euclidean distance); no epochs to train; fitted in',
  );

  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(modelItems(page)).toHaveCount(1);
  await expect(modelItems(page).first()).toContainText('k-nearest neighbours');

  const predictions = await predictLoaded(page);
  for (const column of ['predicted_Species', 'proba_setosa', 'proba_versicolor', 'proba_virginica']) expect(predictions).toContain(column);
  expect(predictions).toMatch(/setosa/);

  await view(page, 'Models');
  await modelItems(page).first().getByRole('button', { name: 'Export for TensorFlow.js' }).click();
  await expect(region(page, 'Models').getByRole('alert')).toContainText('is not a TensorFlow.js network');
});
