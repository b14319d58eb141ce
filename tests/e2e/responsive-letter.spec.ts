/**
 * The page keeps up on a real table: letter (20,000 rows, 17 columns, 26 classes) is loaded,
 * profiled, trained on, its results shown, saved, scored, and every view of the workbench opened,
 * while the page's main-thread long tasks are watched. plotly.js (4.6 MB) is evaluated once per
 * page, on the first chart, in one task of some 300 ms whatever the data, so a small sample's chart
 * loads it before the watch starts.
 *
 * The goal is no task over 50 ms. On a two-core machine a few remain between 50 and ~130 ms (a
 * Plotly chart of 26 bars or a 16 × 16 heatmap measuring its labels as it draws, the first render
 * of the dataset's views, the target dialog's style pass): every task over 50 ms is listed in the
 * test's annotation, and the test fails on any task over TASK_LIMIT_MS — the freezes of seconds
 * this watch was written against.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { answerTarget, timedLongTasks, watchLongTasksFromLoad, expect, expectChart, expectDataset, loadSample, metric, modelItems, openStudio, predictLoaded, region, runAndWait, test, view, viewTab } from './helpers';

const letter = fileURLToPath(new URL('../../../shared/datasets/letter.csv', import.meta.url));

// Playwright's trace snapshots run on the page's main thread: keep them out of the measurement.
test.use({ trace: 'off' });

const now = (page: Page) => page.evaluate(() => performance.now());

/** The longest task the test lets pass (see above: the goal is 50 ms). */
const TASK_LIMIT_MS = 200;

test('letter: load, profile, run, results, save, score and every view, with no main-thread task over 200 ms (tasks over 50 ms listed)', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await watchLongTasksFromLoad(page);
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  await expectChart(page.getByRole('img', { name: 'Correlation heatmap of the numeric columns' }));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 1000))));

  const since = await now(page);
  const marks: Record<string, number> = {};
  const mark = async (name: string) => void (marks[name] = Math.round(await now(page)));

  await page.getByLabel('Choose CSV file').setInputFiles(letter);
  await answerTarget(page, 'lettr');
  await expectDataset(page, 20_000, 17);
  await mark('loaded');

  const profile = region(page, 'Profile');
  await expect(profile.getByText(/^20,000 rows, 17 columns, profiled in \d+ ms$/)).toBeVisible({ timeout: 60_000 });
  await expectChart(page.getByRole('img', { name: 'Correlation heatmap of the numeric columns' }));
  await mark('profiled');

  await runAndWait(page);
  expect(await metric(page, 'Accuracy')).toBeGreaterThan(0.6);
  const results = region(page, 'Results');
  await expectChart(results.getByRole('img', { name: /confusion matrix/i }).first());
  await mark('results');

  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(modelItems(page)).toHaveCount(1);
  expect(await predictLoaded(page)).toContain('predicted_lettr');
  await mark('scored');

  for (const name of ['Data', 'Step', 'Results', 'Runs', 'Models', 'Versions', 'AutoML', 'Predict']) {
    await viewTab(page, name).click();
    await expect(page.getByRole('tabpanel').getByRole('heading').first()).toBeVisible();
  }
  await mark('views');

  // Long tasks are reported after they end; give the last ones a moment.
  await page.waitForTimeout(1000);
  const tasks = await timedLongTasks(page, since);
  const over50 = tasks.filter((t) => t.duration > 50);
  const description = `watch from ${Math.round(since)} ms; phases end at ${JSON.stringify(marks)}; ${over50.length} tasks over 50 ms: ${JSON.stringify(over50)}`;
  testInfo.annotations.push({ type: 'letter', description });
  console.log(`letter: ${description}`);
  expect(tasks.filter((t) => t.duration > TASK_LIMIT_MS), description).toEqual([]);
});
