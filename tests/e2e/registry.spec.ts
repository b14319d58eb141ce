import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { loadSample, metric, modelItem, modelItems, modelVersion, openStudio, region, runAndWait, view, expect, test } from './helpers';
import type { Page } from '@playwright/test';

/** Set one validation-gate threshold on the pipeline's evaluation step. */
async function setGate(page: Page, label: string, value: string): Promise<void> {
  const input = region(page, 'Pipeline').getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Tab');
  await expect(page.getByTestId('gate-summary')).toContainText(`${label.toLowerCase()} ≥ ${value}`);
}

async function runAndSave(page: Page, version: number): Promise<void> {
  await runAndWait(page);
  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(modelItems(page)).toHaveCount(version);
  await expect(region(page, 'Models').getByRole('status').first()).toContainText(`version ${version} of Predict diagnosis`);
}

test('registry: two versions through a validation gate, promote, reload, roll back, export, delete with undo, import', async ({
  page,
}, testInfo) => {
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);

  // Version 1: a gate the run passes.
  await setGate(page, 'Minimum accuracy', '0.8');
  await runAndSave(page, 1);
  await view(page, 'Results');
  const accuracy = await metric(page, 'Accuracy');
  expect(accuracy).toBeGreaterThan(0.8);
  expect(accuracy).toBeLessThan(0.999);
  await expect(region(page, 'Results')).toContainText('Validation gate: passed');

  // Version 2: the same pipeline with a gate no run on this data passes.
  await setGate(page, 'Minimum accuracy', '0.999');
  await runAndSave(page, 2);
  await expect((await view(page, 'Results')).getByText('Validation gate: failed')).toBeVisible();
  await view(page, 'Models');

  const v1 = modelVersion(page, 1);
  const v2 = modelVersion(page, 2);
  await expect(v1.getByTestId('gate-verdict')).toHaveText('Gate passed');
  await expect(v2.getByTestId('gate-verdict')).toHaveText('Gate failed');

  // The failing one is refused, with the reason.
  await v2.getByRole('button', { name: 'Promote to production' }).click();
  const alert = region(page, 'Models').getByRole('alert');
  await expect(alert).toContainText('cannot be promoted: it failed the validation gate');
  await expect(alert).toContainText('accuracy');
  await expect(alert).toContainText('0.999');
  await expect(v2.getByTestId('model-stage')).toHaveCount(0);

  // The passing one goes to production.
  await v1.getByRole('button', { name: 'Promote to production' }).click();
  await expect(v1.getByTestId('model-stage')).toHaveText('Production');
  await expect(alert).toHaveCount(0);

  // Rename and notes, inline.
  await v1.getByRole('button', { name: 'Rename' }).click();
  const nameInput = v1.getByRole('textbox', { name: /^New name for/ });
  await nameInput.fill('Diagnosis, first');
  await nameInput.press('Enter');
  const first = modelItem(page, 'Diagnosis, first');
  await expect(first).toBeVisible();
  await first.getByText('Details, lineage and notes').click();
  await first.getByRole('textbox', { name: 'Notes' }).fill('Baseline logistic regression.');
  await first.getByRole('textbox', { name: 'Notes' }).blur();
  await expect(first).toContainText('Baseline logistic regression.');
  // The lineage graph: dataset → pipeline version → run → model.
  const lineage = first.getByRole('img', { name: /^Lineage of Diagnosis, first/ });
  await expect(lineage).toBeVisible();
  await expect(lineage).toHaveAccessibleName(/dataset breast_cancer\.csv .*→ pipeline Predict diagnosis \(version #[0-9a-f]{8}\) → run .* → model Diagnosis, first \(v1 · production\)/);

  // Filter and sort.
  await page.getByLabel('Filter models').fill('baseline');
  await expect(modelItems(page)).toHaveCount(1);
  await page.getByLabel('Filter models').fill('');
  await expect(modelItems(page)).toHaveCount(2);
  await page.getByLabel('Sort by').selectOption({ label: 'Accuracy (highest first)' });
  await page.getByLabel('Sort by').selectOption({ label: 'Oldest first' });
  await expect(modelItems(page).first()).toHaveAccessibleName('Diagnosis, first');

  // Compare the two versions side by side: metrics and parameters.
  await first.getByRole('checkbox', { name: 'Compare' }).check();
  await v2.getByRole('checkbox', { name: 'Compare' }).check();
  const comparison = page.getByRole('table', { name: 'Model comparison' });
  await expect(comparison.getByRole('row', { name: /^Accuracy/ })).toBeVisible();
  await expect(comparison.getByRole('row', { name: /^Evaluate: min accuracy/ })).toContainText('0.8');
  await expect(comparison.getByRole('row', { name: /^Evaluate: min accuracy/ })).toContainText('0.999');
  await page.getByRole('button', { name: 'Clear comparison' }).click();
  await expect(comparison).toHaveCount(0);

  // Export the model file, and the TensorFlow.js model alone.
  let downloading = page.waitForEvent('download');
  await first.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Diagnosis, first.pstudio');
  const modelFile = testInfo.outputPath('first.pstudio');
  await download.saveAs(modelFile);
  expect(readFileSync(modelFile).subarray(0, 2).toString('latin1')).toBe('PK');

  downloading = page.waitForEvent('download');
  await first.getByRole('button', { name: 'Export for TensorFlow.js' }).click();
  const tfjs = await downloading;
  expect(tfjs.suggestedFilename()).toMatch(/\.zip$/);
  const tfjsFile = testInfo.outputPath('tfjs.zip');
  await tfjs.saveAs(tfjsFile);
  const entries = unzipSync(readFileSync(tfjsFile));
  const modelJson = JSON.parse(Buffer.from(entries['model.json']).toString('utf8')) as { modelTopology: unknown; weightsManifest: unknown };
  expect(modelJson.modelTopology).toBeTruthy();
  expect(modelJson.weightsManifest).toBeTruthy();
  expect(Object.keys(entries).some((name) => name.endsWith('.bin'))).toBe(true);

  // Import the exported file: version 3 of the same pipeline. Promote it: v1 is kept to roll back to.
  await page.getByLabel('Import model').setInputFiles(modelFile);
  await expect(modelItems(page)).toHaveCount(3);
  const v3 = modelVersion(page, 3);
  await v3.getByRole('button', { name: 'Promote to production' }).click();
  await expect(v3.getByTestId('model-stage')).toHaveText('Production');
  await expect(first.getByTestId('model-stage')).toHaveCount(0);

  // Everything survives a reload.
  await page.reload();
  await view(page, 'Models');
  await expect(modelItems(page)).toHaveCount(3);
  await expect(v3.getByTestId('model-stage')).toHaveText('Production');
  await expect(first).toContainText('Baseline logistic regression.');
  await expect(page.getByTestId('storage')).toContainText(/used of/);

  // Roll back: v1 is in production again.
  await v3.getByRole('button', { name: 'Roll back to v1' }).click();
  await expect(first.getByTestId('model-stage')).toHaveText('Production');
  await expect(v3.getByTestId('model-stage')).toHaveCount(0);

  // Delete with undo, then delete for good.
  await v2.getByRole('button', { name: 'Delete' }).click();
  await expect(modelItems(page)).toHaveCount(2);
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click(); // the toast's Undo, not the pipeline editor's
  await expect(modelItems(page)).toHaveCount(3);
  await expect(v2.getByTestId('gate-verdict')).toHaveText('Gate failed');
  await v2.getByRole('button', { name: 'Delete' }).click();
  await expect(modelItems(page)).toHaveCount(2);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.reload();
  await view(page, 'Models');
  await expect(modelItems(page)).toHaveCount(2);
  await expect(first.getByTestId('model-stage')).toHaveText('Production');
});

test('a version-1 database from the walking skeleton is migrated on open, and its model works', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  // A real model file, made by the CLI.
  const modelPath = testInfo.outputPath('penguins.pstudio');
  await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', '--data', 'public/samples/penguins.csv', '--target', 'species', '--out', modelPath],
    { cwd: fileURLToPath(new URL('../../', import.meta.url)), timeout: 180_000 },
  );
  const bytes = [...readFileSync(modelPath)];

  // The database as version 1 of the app left it: one store, the bytes inside each record.
  await page.goto('/samples/index.json');
  await page.evaluate(
    (bytes) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pipeline-studio', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('models', { keyPath: 'id' }).createIndex('savedAt', 'savedAt');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('models', 'readwrite');
          tx.objectStore('models').put({
            id: 'old-1',
            info: {
              name: 'Logistic regression → species (penguins.csv)',
              task: 'classification',
              target: 'species',
              modelKind: 'logistic_regression',
              metrics: { accuracy: 0.99, f1_macro: 0.98 },
              createdAt: '2026-11-20T10:00:00.000Z',
              datasetName: 'penguins.csv',
            },
            bundle: new Uint8Array(bytes),
            savedAt: '2026-11-20T10:00:00.000Z',
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    bytes,
  );

  await openStudio(page);
  await view(page, 'Models');
  const item = modelVersion(page, 1);
  await expect(modelItems(page)).toHaveCount(1);
  await expect(item).toContainText('Logistic regression → species (penguins.csv)');
  // What version 1 did not keep is read from the file again: the input columns, for the one-row form.
  const predict = await view(page, 'Predict');
  await predict.getByText('Predict one row').click();
  await expect(predict.getByLabel('island', { exact: true })).toBeVisible();
  await expect(predict.getByTestId('one-row-prediction')).toContainText('predicted_species');
  // Its file (moved to the bundles store) exports byte for byte.
  await view(page, 'Models');
  const downloading = page.waitForEvent('download');
  await item.getByRole('button', { name: 'Export', exact: true }).click();
  const exported = testInfo.outputPath('exported.pstudio');
  await (await downloading).saveAs(exported);
  expect(readFileSync(exported).equals(readFileSync(modelPath))).toBe(true);
});
