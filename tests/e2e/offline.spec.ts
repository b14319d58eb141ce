import { loadSample, metric, openStudio, runAndWait, expect, test } from './helpers';

test('after one online visit, the studio reloads and runs a pipeline with the network off', async ({ page, context }) => {
  await openStudio(page);

  // The service worker installs (precaching everything), activates and claims the page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });

  await context.setOffline(true);
  try {
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Load sample iris' })).toBeEnabled();

    await loadSample(page, 'iris', 150, 5);
    await runAndWait(page);
    expect(await metric(page, 'Accuracy')).toBeGreaterThanOrEqual(0.8);
    await expect(page.getByRole('img', { name: 'Confusion matrix' }).locator('svg').first()).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});
