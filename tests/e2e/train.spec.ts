import { expect, expectChart, loadSample, metric, openStudio, region, runAndWait, test } from './helpers';

test('a numeric target gives a regression pipeline with R², RMSE, MAE and a predicted-vs-actual plot', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await page.getByLabel('Target column').selectOption('body_mass_g');
  const steps = region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' });
  await expect(region(page, 'Pipeline')).toContainText('Regression of body_mass_g');
  await expect(steps).toContainText(/regression/i);
  await expect(page.getByLabel('Model', { exact: true })).not.toContainText('Logistic');

  await runAndWait(page);
  expect(await metric(page, 'R²')).toBeGreaterThan(0.6);
  expect(await metric(page, 'RMSE')).toBeGreaterThan(0);
  expect(await metric(page, 'MAE')).toBeGreaterThan(0);
  await expectChart(region(page, 'Results').getByRole('img', { name: 'Predicted versus actual' }));
});

test('the model can be swapped, the backend chosen, and a run cancelled cleanly', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  await expect(page.getByLabel('Target column')).toHaveValue('diagnosis');

  const model = page.getByLabel('Model', { exact: true });
  await model.selectOption({ label: 'Neural network (MLP)' });
  const steps = region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' });
  await expect(steps).toContainText('Neural network (MLP)');
  await expect(region(page, 'Pipeline').locator('.svelte-flow__node')).toContainText(['Neural network (MLP)']);

  // The plain-JavaScript backend is the slowest: time enough to cancel mid-training.
  await page.getByLabel('Backend').selectOption('cpu');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('progressbar', { name: 'Training progress' });
  await expect(page.getByTestId('backend-used')).toHaveText('CPU (plain JavaScript)');
  // The progress line and the epoch counter are drawn together: both name the same epoch.
  await expect(page.getByTestId('epoch-counter')).toBeVisible();
  for (let i = 0; i < 3; i++) {
    const [line, counter] = await page.evaluate(() => [
      document.querySelector('[role="progressbar"][aria-label="Training progress"]')?.getAttribute('aria-valuetext') ?? '',
      document.querySelector('[data-testid="epoch-counter"]')?.textContent ?? '',
    ]);
    expect(/epoch (\d+) of/.exec(line)?.[1], `${line} | ${counter}`).toBe(/epoch (\d+) of/.exec(counter)?.[1]);
    await page.waitForTimeout(100);
  }
  // While it trains: "… 0:02 elapsed · about 0:05 left", a space on each side of every separator.
  await expect(page.getByLabel('Training figures')).toHaveText(/samples\/s\s+·\s+\d+ tensors\s+·\s+[\d.]+ MB\s+·\s+\d+:\d\d elapsed · about \d+:\d\d left\s*$/);
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(region(page, 'Train')).toContainText('Cancelled');
  await expect(region(page, 'Train').getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Metrics' })).toHaveCount(0);
  expect(Number(await progress.getAttribute('aria-valuenow'))).toBeLessThan(100);

  // The engine is free again: the next run finishes.
  await page.getByLabel('Backend').selectOption('auto');
  await model.selectOption({ label: 'Logistic regression' });
  await expect(steps).toContainText('Logistic regression');
  await runAndWait(page);
  expect(await metric(page, 'Accuracy')).toBeGreaterThanOrEqual(0.9);
  expect(await metric(page, 'ROC AUC')).toBeGreaterThan(0.9);
});
