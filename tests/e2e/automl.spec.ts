/**
 * AutoML in the page: the shared penguins dataset added as a file, its target picked from the
 * prompt; a search with a time budget fills the leaderboard while it runs in the engine's workers
 * (no main-thread task over 50 ms meanwhile); Cancel keeps the best so far; the winner opens as an
 * ordinary pipeline, which runs and scores the test rows.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerTarget, expect, expectChart, expectDataset, longTaskDurations, metric, openStudio, runAndWait, test, view, watchLongTasks } from './helpers';

// The shared dataset (the same bytes as the page's sample, which would come with its target known).
const penguins = readFileSync(fileURLToPath(new URL('../../public/samples/penguins.csv', import.meta.url)));

// Playwright's trace snapshots run on the page's main thread: keep them out of the measurement.
test.use({ trace: 'off' });

test('a target picked from the prompt, a short search fills the leaderboard, Cancel keeps the best so far, and the winner opens as a pipeline that runs', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Choose CSV file').setInputFiles({ name: 'penguins.csv', mimeType: 'text/csv', buffer: penguins });
  await answerTarget(page, 'species');
  await expectDataset(page, 344, 8);
  await expect(page.getByLabel('Target column')).toHaveValue('species');
  // The profile's charts load plotly once, after the load: let them finish before the search starts.
  await expectChart(page.getByRole('img', { name: 'Correlation heatmap of the numeric columns' }));
  const panel = await view(page, 'AutoML');
  await panel.getByLabel('Seconds').fill('120');
  await panel.getByLabel('Validation').selectOption({ label: '3 folds' });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 500))));
  await watchLongTasks(page);

  await panel.getByRole('button', { name: 'Find the best model' }).click();
  await expect(panel.getByRole('button', { name: 'Cancel search' })).toBeEnabled();
  // Wait with a cheap in-page check while candidates finish (Playwright's own polling builds accessibility snapshots on the main thread).
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="leaderboard-row"]').length >= 4, null, { polling: 250, timeout: 120_000 });
  expect(await longTaskDurations(page)).toEqual([]);
  await expect(panel.getByTestId('automl-best')).toContainText('Best so far:');

  await panel.getByRole('button', { name: 'Cancel search' }).click();
  await expect(panel.getByTestId('automl-status')).toContainText('Cancelled: kept the best so far');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  const board = panel.getByRole('table', { name: 'AutoML leaderboard' });
  await expect(board.getByRole('columnheader')).toHaveText(['#', 'Model', 'Parameters', 'Rows per fold', 'Accuracy ± std', 'Seconds']);
  expect(await board.getByRole('row').count()).toBeGreaterThanOrEqual(5);
  // The winner is marked best on the leaderboard; its cross-validated accuracy is a real score.
  const winner = board.getByRole('row').filter({ has: page.locator('.badge', { hasText: 'best' }) });
  await expect(winner).toHaveCount(1);
  const score = Number((await winner.getByRole('cell').nth(4).innerText()).split(' ± ')[0]);
  expect(score).toBeGreaterThan(0.9);
  const model = (await winner.getByRole('cell').nth(1).innerText()).replace(/\s*best$/, '');
  await expect(panel.getByTestId('automl-best')).toContainText(`Winner: ${model}`);
  await expectChart(panel.getByRole('img', { name: 'Best score over time' }));

  await panel.getByRole('button', { name: 'Open the winner as a pipeline' }).click();
  await expect(page.getByText('Opened the AutoML winner')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Pipeline steps' })).toContainText(model);
  await runAndWait(page);
  expect(await metric(page, 'Accuracy')).toBeGreaterThanOrEqual(0.9);
});
