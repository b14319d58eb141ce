import { expect, expectChart, loadSample, metric, openStudio, runAndWait, test, untilServiceWorkerControls } from './helpers';

test('after one online visit, the studio reloads and runs a pipeline with the network off', async ({ page, context }) => {
  await openStudio(page);
  // The server's COOP/COEP headers isolate the page, so the engine can use threaded WASM.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // Installable: the page links a web app manifest that the server serves.
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).not.toBeNull();
  const manifest = (await (await page.request.get(manifestHref!)).json()) as { name: string; display: string; start_url: string; icons: { sizes: string }[] };
  expect(manifest).toMatchObject({ name: 'Pipeline Studio', display: 'standalone', start_url: '.' });
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  const policy = (await page.request.get('/')).headers()['content-security-policy'];
  expect(policy).toContain("default-src 'self'");

  await untilServiceWorkerControls(page);

  await context.setOffline(true);
  try {
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Load sample iris' })).toBeEnabled();

    // Offline the headers come from the service worker (sw-headers.js, built from src/security-headers.ts).
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(response?.headers()['content-security-policy']).toBe(policy);

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
