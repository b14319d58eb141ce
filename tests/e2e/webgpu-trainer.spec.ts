import { loadSample, metric, openStudio, region, runAndWait, expect, test } from './helpers';
import { reveal } from './canvas';

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
  await expect(page.getByTestId('backend-used')).toHaveText('WebGPU (fused trainer)');
  await expect(page.getByRole('list', { name: 'Run messages' })).toContainText('Training on the fused WebGPU trainer');
  const fused = { accuracy: await metric(page, 'Accuracy'), auc: await metric(page, 'ROC AUC') };
  expect(fused.accuracy).toBeGreaterThanOrEqual(0.9);
  expect(fused.auc).toBeGreaterThan(0.95);
  // Live monitoring: one loss point per epoch reached the chart's data.
  await expect(region(page, 'Train')).toContainText(/samples\/s/);

  // The same pipeline through TensorFlow.js (WebAssembly): the same seeded weights, batches and schedule.
  await backend.selectOption({ label: 'WebAssembly' });
  await runAndWait(page);
  await expect(page.getByTestId('backend-used')).toHaveText('WebAssembly');
  const tfjs = { accuracy: await metric(page, 'Accuracy'), auc: await metric(page, 'ROC AUC') };
  expect(Math.abs(fused.accuracy - tfjs.accuracy)).toBeLessThanOrEqual(0.01);
  expect(Math.abs(fused.auc - tfjs.auc)).toBeLessThanOrEqual(0.005);
});

/** The samples/s of the run's last epoch, from the Train panel's live figures. */
async function lastEpochSpeed(page: import('@playwright/test').Page): Promise<number> {
  const text = await page.getByLabel('Training figures').innerText();
  const match = /([\d,]+) samples\/s/.exec(text);
  if (!match) throw new Error(`No samples/s in "${text}"`);
  return Number(match[1].replaceAll(',', ''));
}

test('in the browser the fused trainer outpaces TensorFlow.js WebGPU on the same adapter', async ({ page }) => {
  test.setTimeout(300_000);
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  const pipeline = region(page, 'Pipeline');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  const modelNode = pipeline.getByRole('application', { name: 'Pipeline canvas' }).locator('.svelte-flow__node[data-id="model"] .title');
  await reveal(page, modelNode);
  await modelNode.click();
  // A few epochs at batch 256: the last epoch's samples/s is past every shader compile.
  for (const [label, value] of [['Epochs', '4'], ['Batch size (0 = auto)', '256']]) {
    const field = pipeline.getByLabel(label, { exact: true });
    await field.fill(value);
    await field.press('Tab');
  }
  const speeds: Record<string, number> = {};
  for (const label of ['WebGPU (fused trainer)', 'WebGPU (TensorFlow.js)']) {
    await page.getByLabel('Backend').selectOption({ label });
    await runAndWait(page);
    speeds[label] = await lastEpochSpeed(page);
  }
  const ratio = speeds['WebGPU (fused trainer)'] / speeds['WebGPU (TensorFlow.js)'];
  test.info().annotations.push({ type: 'samples/s', description: `${JSON.stringify(speeds)}; ratio ${ratio.toFixed(1)}×` });
  console.log(`browser, SwiftShader WebGPU, MLP 30→64→64→2 at batch 256: ${JSON.stringify(speeds)} samples/s, ratio ${ratio.toFixed(1)}×`);
  expect(ratio).toBeGreaterThan(1);
});
