import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { dropFiles, expect, loadSample, metric, openStudio, region, runAndWait, test, view } from './helpers';

const versions = (page: Page) => page.getByRole('list', { name: 'Pipeline versions' });
const version = (page: Page, n: number) => versions(page).getByRole('listitem', { name: `Version ${n}`, exact: true });

/** Save the open pipeline through a real download; returns the file's path and its parsed JSON. */
async function savePipeline(page: Page, path: string): Promise<{ path: string; json: { name: string; version: number; nodes: { id: string; params: Record<string, unknown> }[] } }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.pipeline\.json$/);
  await download.saveAs(path);
  return { path, json: JSON.parse(readFileSync(path, 'utf8')) };
}

async function useBackend(page: Page, backend: string): Promise<void> {
  await page.getByLabel('Backend').selectOption(backend);
}

test('every run is a numbered version; versions compare and restore; files open in a fresh context', async ({ page, browser }, testInfo) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await useBackend(page, 'wasm');

  // Run 1 → version 1, with the note written before running.
  await view(page, 'Versions');
  await page.getByLabel('Version note').fill('baseline');
  await runAndWait(page);
  await view(page, 'Versions');
  await expect(version(page, 1)).toContainText('baseline');
  await expect(version(page, 1)).toContainText('First version');
  await expect(page.getByLabel('Version note')).toHaveValue('');
  const firstAccuracy = await metric(page, 'Accuracy');

  // Change the regularisation strength C (through a pipeline file) → run → version 2 says what changed.
  const first = await savePipeline(page, testInfo.outputPath('v1.pipeline.json'));
  const model = first.json.nodes.find((n) => n.id === 'model');
  if (!model) throw new Error('no model node');
  const oldRate = model.params.C;
  model.params.C = 0.01;
  const changedPath = testInfo.outputPath('changed.pipeline.json');
  writeFileSync(changedPath, JSON.stringify(first.json, null, 2));
  await page.getByLabel('Open pipeline', { exact: true }).setInputFiles(changedPath);
  await expect(region(page, 'Pipeline').getByRole('status', { name: 'Pipeline notice' })).toContainText('Opened changed.pipeline.json');
  await runAndWait(page);
  await view(page, 'Versions');
  await expect(version(page, 2)).toContainText(`model.C ${String(oldRate)} → 0.01`);
  const secondAccuracy = await metric(page, 'Accuracy');

  // The run log says which nodes came from the cache on this second run.
  await view(page, 'Run log');
  const log = page.getByRole('table', { name: 'Run log' });
  await expect(log.locator('tr[data-status="cached"]').first()).toBeVisible();
  await expect(log.locator('tr[data-node="model"]')).toHaveAttribute('data-status', 'ran');
  await expect(log).toContainText('from cache');

  // Compare version 1 with the open pipeline, then restore it.
  await view(page, 'Versions');
  await version(page, 1).getByRole('button', { name: 'Compare version 1 with the open pipeline' }).click();
  await expect(page.getByRole('region', { name: 'Changes from version 1 to the open pipeline' })).toContainText(`model.C ${String(oldRate)} → 0.01`);
  await version(page, 1).getByRole('button', { name: 'Open version 1' }).click();
  await expect(page.getByRole('region', { name: 'Contents of version 1' })).toContainText(`C ${String(oldRate)}`);
  await version(page, 1).getByRole('button', { name: 'Restore version 1' }).click();
  await expect(region(page, 'Pipeline').getByRole('status', { name: 'Pipeline notice' })).toContainText('Restored version 1');
  await version(page, 1).getByRole('button', { name: 'Compare version 1 with the open pipeline' }).click();
  await expect(page.getByRole('region', { name: 'Changes from version 1 to the open pipeline' })).toContainText('the same as version 1');
  const restored = await savePipeline(page, testInfo.outputPath('restored.pipeline.json'));
  expect(restored.json.nodes.find((n) => n.id === 'model')?.params.C).toBe(oldRate);

  // The open pipeline survives a reload (autosave) and stays when the data comes back.
  await page.waitForTimeout(600);
  await page.reload();
  await expect(region(page, 'Pipeline').getByRole('status', { name: 'Pipeline notice' })).toContainText('Restored the pipeline');
  await loadSample(page, 'penguins', 344, 8);
  await view(page, 'Versions');
  await expect(version(page, 2)).toBeVisible();
  await version(page, 1).getByRole('button', { name: 'Compare version 1 with the open pipeline' }).click();
  await expect(page.getByRole('region', { name: 'Changes from version 1 to the open pipeline' })).toContainText('the same as version 1');

  // The changed file, opened in a fresh browser context, gives the same result.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  try {
    await openStudio(other);
    await loadSample(other, 'penguins', 344, 8);
    await useBackend(other, 'wasm');
    await dropFiles(other, [{ name: 'changed.pipeline.json', type: 'application/json', text: readFileSync(changedPath, 'utf8') }]);
    await expect(region(other, 'Pipeline').getByRole('status', { name: 'Pipeline notice' })).toContainText('Opened changed.pipeline.json');
    await runAndWait(other);
    expect(await metric(other, 'Accuracy')).toBe(secondAccuracy);
    await view(other, 'Versions');
    await expect(version(other, 1)).toBeVisible();
  } finally {
    await fresh.close();
  }
  expect(firstAccuracy).toBeGreaterThan(0.9);
});

test('a pipeline file from a future version, or an invalid one, is refused and the open pipeline stays', async ({ page }, testInfo) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  const before = await savePipeline(page, testInfo.outputPath('before.pipeline.json'));

  const future = { ...before.json, version: 99 };
  const futurePath = testInfo.outputPath('future.pipeline.json');
  writeFileSync(futurePath, JSON.stringify(future));
  await page.getByLabel('Open pipeline', { exact: true }).setInputFiles(futurePath);
  const alert = region(page, 'Pipeline').getByRole('alert');
  await expect(alert).toContainText('Could not open future.pipeline.json');
  await expect(alert).toContainText('version 99 was written by a newer Pipeline Studio');

  const broken = { ...before.json, nodes: before.json.nodes.map((n) => (n.id === 'model' ? { ...n, params: { ...n.params, C: 'strong' } } : n)) };
  await dropFiles(page, [{ name: 'broken.pipeline.json', type: 'application/json', text: JSON.stringify(broken) }]);
  await expect(alert).toContainText('Could not open broken.pipeline.json');
  await expect(alert).toContainText('C must be a number');

  const after = await savePipeline(page, testInfo.outputPath('after.pipeline.json'));
  expect(after.json).toEqual(before.json);
});

test('new from template, for the current target', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await page.getByLabel('New from template').selectOption('multiclass');
  await expect(region(page, 'Pipeline').getByRole('status', { name: 'Pipeline notice' })).toContainText('Multiclass: species');
  await runAndWait(page);
  // Two models trained: one tab each, and each can be saved.
  const tabs = region(page, 'Results').getByRole('tab');
  await expect(tabs).toHaveCount(2);
  await tabs.nth(1).click();
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Metrics' })).toBeVisible();
  await region(page, 'Results').getByRole('button', { name: 'Save model' }).click();
  await expect(region(page, 'Results').getByRole('button', { name: 'Saved' })).toBeVisible();
  await view(page, 'Models');
  await expect(page.getByRole('list', { name: 'Saved models' }).getByTestId('model-version')).toHaveCount(1);
});
