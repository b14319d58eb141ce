import { expect, expectChart, loadSample, longTaskDurations, openStudio, region, runAndWait, test, watchLongTasks } from './helpers';

// Playwright's trace snapshots run on the page's main thread: keep them out of the measurement.
test.use({ trace: 'off' });

test('while a network trains in the engine worker, no main-thread task takes over 50 ms', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  // The profile's charts are drawn once, after the load: let them finish before training starts.
  await expectChart(page.getByRole('img', { name: 'Correlation heatmap of the numeric columns' }));
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  await page.getByLabel('Backend').selectOption('wasm');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 500))));
  await watchLongTasks(page);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // Wait with a cheap in-page check while epochs stream in (the loss curve and figures update on every epoch).
  await page.waitForFunction(() => Number(document.querySelector('[aria-label="Training progress"]')?.getAttribute('aria-valuenow')) >= 90, null, { polling: 250, timeout: 120_000 });
  expect(await longTaskDurations(page)).toEqual([]);
  await expect(page.getByRole('table', { name: 'Metrics' })).toBeVisible({ timeout: 120_000 });
});

test('five runs in a row on WebGL end with the same tensor count: nothing leaks between runs', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  await page.getByLabel('Backend').selectOption('webgl');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  const figures = region(page, 'Train').getByLabel('Training figures');
  const counts: number[] = [];
  for (let run = 0; run < 5; run++) {
    // A different epoch count each time, so the run cache cannot answer and the model trains anew.
    await page.evaluate((epochs) => {
      const studio = (window as unknown as { studio: { pipeline: { spec: { nodes: { id: string; params: Record<string, unknown> }[] }; replace(spec: unknown, label: string): void } } }).studio;
      const spec = JSON.parse(JSON.stringify(studio.pipeline.spec)) as typeof studio.pipeline.spec;
      spec.nodes.find((n) => n.id === 'model')!.params.epochs = epochs;
      studio.pipeline.replace(spec, 'epochs');
    }, 20 + run);
    await runAndWait(page);
    await expect(page.getByTestId('backend-used')).toHaveText('WebGL');
    counts.push(Number(/(\d+) tensors/.exec(await figures.innerText())?.[1]));
  }
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts).toEqual(Array(5).fill(counts[0]));
});
