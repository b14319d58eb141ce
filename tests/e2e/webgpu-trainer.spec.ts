import { loadSample, metric, openStudio, region, runAndWait, expect, test } from './helpers';

/**
 * The fused WebGPU trainer in the built app, on Chromium's SwiftShader WebGPU (a fallback adapter,
 * used because the user picks it): the default MLP trains, the run records the engine, and the
 * metrics agree with the same pipeline trained by TensorFlow.js (same seed, split and batches).
 */
test('the fused WebGPU trainer trains the MLP and matches TensorFlow.js', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  await expect(region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' })).toContainText('Neural network (MLP)');

  const backend = page.getByLabel('Backend');
  await expect(backend.getByRole('option', { name: 'WebGPU (fused trainer)' })).toHaveCount(1);
  await expect(backend.getByRole('option', { name: 'WebGPU (TensorFlow.js)' })).toHaveCount(1);
  await backend.selectOption({ label: 'WebGPU (fused trainer)' });
  await runAndWait(page);
  await expect(page.getByTestId('backend-used')).toHaveText('webgpu-fused');
  await expect(page.getByRole('list', { name: 'Run messages' })).toContainText('Training on the fused WebGPU trainer');
  const fused = { accuracy: await metric(page, 'Accuracy'), auc: await metric(page, 'ROC AUC') };
  expect(fused.accuracy).toBeGreaterThanOrEqual(0.9);
  expect(fused.auc).toBeGreaterThan(0.95);
  // Live monitoring: one loss point per epoch reached the chart's data.
  await expect(region(page, 'Train')).toContainText(/samples\/s/);

  // The same pipeline through TensorFlow.js (WebAssembly): the same seeded weights, batches and schedule.
  await backend.selectOption({ label: 'WebAssembly' });
  await runAndWait(page);
  await expect(page.getByTestId('backend-used')).toHaveText('wasm');
  const tfjs = { accuracy: await metric(page, 'Accuracy'), auc: await metric(page, 'ROC AUC') };
  expect(Math.abs(fused.accuracy - tfjs.accuracy)).toBeLessThanOrEqual(0.01);
  expect(Math.abs(fused.auc - tfjs.auc)).toBeLessThanOrEqual(0.005);
});
