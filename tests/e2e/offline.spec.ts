import { expect, expectChart, loadSample, metric, openStudio, runAndWait, test, untilServiceWorkerControls } from './helpers';

test('after one online visit, the studio reloads and runs a pipeline with the network off', async ({ page, context }) => {
  await openStudio(page);
  // The server's COOP/COEP headers isolate the page, so the engine can use threaded WASM.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await untilServiceWorkerControls(page);

  await context.setOffline(true);
  try {
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Load sample iris' })).toBeEnabled();

    // Offline the headers come from the service worker (public/sw-isolation.js).
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    await loadSample(page, 'iris', 150, 5);
    // The threaded WASM binary initialises from the cache in the isolated page, and trains a network.
    await page.getByLabel('Backend').selectOption('wasm');
    await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
    await runAndWait(page);
    await expect(page.getByTestId('backend-used')).toHaveText('WebAssembly');
    expect(await metric(page, 'Accuracy')).toBeGreaterThanOrEqual(0.8);
    await expectChart(page.getByRole('img', { name: 'Confusion matrix' }));
  } finally {
    await context.setOffline(false);
  }
});
