import { writeFileSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, loadSample, openStudio, region, runAndWait, test, view } from './helpers';

const runsTable = (page: Page) => page.getByRole('table', { name: 'Runs' });
const bodyRows = (page: Page) => runsTable(page).locator('tbody tr');

/** Run, then show the Runs view (a run shows Results). */
async function runThenRuns(page: Page): Promise<void> {
  await runAndWait(page);
  await view(page, 'Runs');
}

/** Open the current pipeline again with another regularisation strength C (through Save/Open pipeline). */
async function setStrength(page: Page, path: string, c: number): Promise<void> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await (await downloading).saveAs(path);
  const json = JSON.parse(readFileSync(path, 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] };
  for (const n of json.nodes) if (n.id === 'model') n.params.C = c;
  writeFileSync(path, JSON.stringify(json));
  await page.getByLabel('Open pipeline', { exact: true }).setInputFiles(path);
  await expect(region(page, 'Pipeline').getByRole('status', { name: 'Pipeline notice' })).toContainText('Opened');
}

test('runs are stored, sorted by column, compared, and one is marked best across a reload', async ({ page }, testInfo) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await runThenRuns(page);
  await expect(bodyRows(page)).toHaveCount(1);
  await setStrength(page, testInfo.outputPath('strong.pipeline.json'), 0.001);
  await runAndWait(page);
  // The backend as the Train section names the one used, for the tables below.
  const backendName = await page.getByTestId('backend-used').innerText();
  await view(page, 'Runs');
  await expect(bodyRows(page)).toHaveCount(2);
  await expect(runsTable(page)).toContainText('C 0.001');

  // Sort by version, both ways.
  const versionHeader = runsTable(page).getByRole('columnheader', { name: 'Version', exact: true });
  await versionHeader.getByRole('button').click();
  await expect(versionHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(bodyRows(page).first().locator('td.num').first()).toHaveText('2');
  await versionHeader.getByRole('button').click();
  await expect(versionHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(bodyRows(page).first().locator('td.num').first()).toHaveText('1');
  // A metric column sorts best first.
  const accuracy = runsTable(page).getByRole('columnheader', { name: 'Accuracy', exact: true });
  await accuracy.getByRole('button').click();
  await expect(accuracy).toHaveAttribute('aria-sort', 'descending');

  // Select both: loss curves overlaid and metrics side by side.
  const boxes = runsTable(page).getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  const compared = page.getByRole('table', { name: 'Compared runs' });
  await expect(compared).toBeVisible();
  await expect(compared.getByRole('columnheader')).toHaveCount(3);
  await expect(compared.locator('tr[data-metric="accuracy"] td')).toHaveCount(2);
  await expect(page.getByRole('img', { name: 'Loss curves of the compared runs' })).toBeVisible();
  await expectBestMarked(page);
  // C = 1 and C = 0.001 end apart (log loss at least): some value is marked.
  await expect(compared.locator('td.best').first()).toBeVisible();
  // The backend shows by its name, as the Train panel names the one used, in both tables.
  expect(backendName).toMatch(/^(WebGPU \(TensorFlow\.js\)|WebGL|WebAssembly|CPU \(plain JavaScript\)|CPU \(\d+ workers?\))$/);
  await expect(bodyRows(page).first()).toContainText(backendName);
  await expect(compared.getByRole('row', { name: /^Backend, seed/ })).toContainText(`${backendName}, `);

  // Version 2 once more: its two runs tie on every metric, and a tie has no best value.
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await runThenRuns(page);
  await expect(bodyRows(page)).toHaveCount(3);
  const version2 = runsTable(page).getByRole('checkbox', { name: / v2 / });
  await expect(version2).toHaveCount(2);
  await version2.nth(0).check();
  await version2.nth(1).check();
  await expect(compared.locator('tr[data-metric="accuracy"] td')).toHaveCount(2);
  await expectBestMarked(page);
  await expect(compared.locator('td.best')).toHaveCount(0);

  // Mark the first run (version 1) best; it stays best after a reload.
  await versionHeader.getByRole('button').click();
  await expect(versionHeader).toHaveAttribute('aria-sort', 'descending');
  await versionHeader.getByRole('button').click();
  const best = bodyRows(page).first().getByRole('button', { name: /^Best run:/ });
  await best.click();
  await expect(best).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await view(page, 'Runs');
  await expect(bodyRows(page)).toHaveCount(3);
  await expect(runsTable(page).locator('tr.best')).toHaveCount(1);
  await expect(runsTable(page).locator('tr.best')).toContainText('C 1');
  await expect(runsTable(page).locator('tr.best').getByRole('button', { name: /^Best run:/ })).toHaveAttribute('aria-pressed', 'true');
});

/** Metrics where lower is better, as the studio ranks them. */
const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'mse', 'mape', 'log_loss']);

/**
 * Each metric row of the compared runs marks exactly the runs that reach its best value, worked
 * out here from the runs' stored metrics: none when every value ties, never a missing one.
 */
async function expectBestMarked(page: Page): Promise<void> {
  const metrics = await page.evaluate(() =>
    (window as unknown as { studio: { runs: { selectedRuns: { metrics: Record<string, number> }[] } } }).studio.runs.selectedRuns.map((r) => r.metrics),
  );
  const keys = [...new Set(metrics.flatMap((m) => Object.keys(m)))];
  expect(keys).toContain('accuracy');
  const compared = page.getByRole('table', { name: 'Compared runs' });
  for (const key of keys) {
    const values = metrics.map((m) => m[key]);
    const measured = values.filter((v) => Number.isFinite(v));
    const best = LOWER_IS_BETTER.has(key) ? Math.min(...measured) : Math.max(...measured);
    const tie = measured.every((v) => v === best);
    const cells = compared.locator(`tr[data-metric="${key}"] td`);
    await expect(cells).toHaveCount(values.length);
    for (const [i, v] of values.entries()) {
      const marked = !tie && v === best;
      await expect(cells.nth(i), `${key} of run ${i + 1}: ${v}`).toHaveClass(marked ? /\bbest\b/ : /^(?!.*\bbest\b)/);
      await expect(cells.nth(i)).toHaveText(new RegExp(marked ? '\\(best\\)$' : '^[^(]*$'));
    }
  }
}
