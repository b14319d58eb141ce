/**
 * The CLI runs the .pipeline.json the editor saves, on the same CSV, with the same metrics as the
 * browser on the WASM backend — here for a two-model pipeline built from a template.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, loadSample, openStudio, runAndWait, samplesDir, test } from './helpers';

type Metrics = Record<string, number>;

test('the CLI reproduces the browser metrics of a saved pipeline file', async ({ page }, testInfo) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  await page.getByLabel('New from template').selectOption({ label: 'Multiclass classification' });
  await page.getByLabel('Backend').selectOption('wasm');
  await runAndWait(page);
  const browser = await page.evaluate(() =>
    (window as unknown as { studio: { training: { summaries: { node: string; metrics: Record<string, number> }[] } } }).studio.training.summaries.map((s) => ({ node: s.node, metrics: s.metrics })),
  );
  expect(browser.length).toBe(2);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  const pipelineFile = testInfo.outputPath('iris.pipeline.json');
  await (await downloading).saveAs(pipelineFile);

  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', pipelineFile, '--data', `${samplesDir}iris.csv`, '--json'], { maxBuffer: 16 << 20 });
  const cli = JSON.parse(stdout) as { backend: string; models: { node: string; backend: string; metrics: Metrics }[] };
  // Logistic regression is fitted by its solver on the CPU, the MLP trains on WASM, as in the browser.
  expect(cli.models.map((m) => m.backend)).toEqual(['cpu-workers-1', 'wasm']);
  expect(cli.models.map((m) => m.node)).toEqual(browser.map((b) => b.node));
  cli.models.forEach((m, i) => {
    for (const [name, value] of Object.entries(browser[i].metrics)) expect(m.metrics[name], `${m.node} ${name}`).toBeCloseTo(value, 9);
  });
});
