/**
 * Evaluation plots (ROC, precision-recall, calibration, confusion matrix with a threshold slider,
 * residuals) and live monitoring (train + validation loss per model node, Pause / Resume, divergence).
 * Pipeline parameters the canvas cannot set yet are set through the studio's console hook
 * (window.studio), the same PipelineState.replace an editor edit goes through.
 */
import type { Page } from '@playwright/test';
import { expect, expectChart, loadSample, openStudio, region, runAndWait, test } from './helpers';

interface Node {
  id: string;
  kind: string;
  params: Record<string, unknown>;
}
interface Spec {
  nodes: Node[];
  edges: { from: string; to: string }[];
}

/** Edit the current pipeline spec in the page with `edit` (runs in the page: plain JSON in, JSON out). */
async function editSpec(page: Page, edit: string): Promise<void> {
  await page.evaluate((source) => {
    const studio = (window as unknown as { studio: { pipeline: { spec: unknown; replace(spec: unknown, label: string): void } } }).studio;
    const spec = JSON.parse(JSON.stringify(studio.pipeline.spec)) as Spec;
    const change = new Function('spec', source) as (spec: Spec) => void;
    change(spec);
    studio.pipeline.replace(spec, 'test edit');
  }, edit);
}

/** Make the (first) model node a neural network, which trains by epochs. */
async function useNetwork(page: Page): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
}

/** Set parameters of the (first) model node. */
async function setModelParams(page: Page, params: Record<string, unknown>): Promise<void> {
  await editSpec(page, `const m = spec.nodes.find((n) => n.id === 'model'); Object.assign(m.params, ${JSON.stringify(params)});`);
}

async function epochShown(page: Page): Promise<number> {
  const text = await page.getByTestId('epoch-counter').innerText();
  return Number(/epoch (\d+)/.exec(text)?.[1]);
}

/** The numbers drawn inside a plot (plotly's svg text), in document order: scrolled to first, as a chart out of view is redrawn when it comes into view. */
async function plotTexts(page: Page, name: string): Promise<string[]> {
  const plot = region(page, 'Results').getByRole('img', { name, exact: true });
  await plot.scrollIntoViewIfNeeded();
  return plot.locator('svg text').allTextContents();
}

function expected(positive: number[], scores: number[], t: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  scores.forEach((s, i) => {
    const called = s >= t;
    if (positive[i]) {
      if (called) tp++;
      else fn++;
    } else if (called) fp++;
    else tn++;
  });
  return { tp, fp, fn, tn, precision: tp + fp ? tp / (tp + fp) : 0, recall: tp + fn ? tp / (tp + fn) : 0 };
}

async function thresholdFigures(page: Page) {
  const table = region(page, 'Results').getByRole('table', { name: 'Scores at the decision threshold' });
  const cell = async (name: string) => Number(await table.getByRole('row', { name: new RegExp(`^${name} `) }).getByRole('cell').innerText());
  return {
    precision: await cell('Precision'),
    recall: await cell('Recall'),
    tp: await cell('True positives'),
    fp: await cell('False positives'),
    fn: await cell('False negatives'),
    tn: await cell('True negatives'),
  };
}

test('a binary run shows ROC, PR and calibration curves, validation loss, and a threshold slider that recomputes the metrics', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  // A network, which watches a validation loss as it trains by epochs.
  await useNetwork(page);
  await setModelParams(page, { validation_fraction: 0.2, epochs: 40 });
  await runAndWait(page);

  const train = region(page, 'Train');
  await expect(train.getByRole('img', { name: 'Loss curve' }).locator('svg text', { hasText: 'validation loss' })).toBeVisible();
  await expect(train.getByRole('img', { name: 'Loss curve' }).locator('svg text', { hasText: 'training loss' })).toBeVisible();

  const results = region(page, 'Results');
  for (const name of ['ROC curve', 'Precision-recall curve', 'Calibration curve', 'Confusion matrix']) {
    await expectChart(results.getByRole('img', { name, exact: true }));
  }
  await expect(results.getByRole('heading', { name: /^ROC curve \(AUC 0\.9\d\d\)$/ })).toBeVisible();
  await expect(results.getByRole('table', { name: 'Precision, recall, F1 and support per class' })).toContainText('Support');

  const binary = await page.evaluate(() => {
    const studio = (window as unknown as { studio: { training: { summary: { evaluation: { binary: { positive: number[]; scores: number[] } } } } } }).studio;
    const b = studio.training.summary.evaluation.binary;
    return { positive: [...b.positive], scores: [...b.scores] };
  });
  expect(binary.scores.length).toBeGreaterThan(50);

  const slider = results.getByRole('slider', { name: 'Decision threshold' });
  await expect(slider).toHaveValue('0.5');
  const check = async (t: number) => {
    const want = expected(binary.positive, binary.scores, t);
    await expect(results.getByTestId('threshold-value')).toHaveText(t.toFixed(2));
    await expect.poll(() => thresholdFigures(page)).toEqual({
      precision: Number(want.precision.toFixed(3)),
      recall: Number(want.recall.toFixed(3)),
      tp: want.tp,
      fp: want.fp,
      fn: want.fn,
      tn: want.tn,
    });
    // The confusion matrix plot shows the same four counts.
    await expect.poll(async () => (await plotTexts(page, 'Confusion matrix')).filter((s) => /^\d+$/.test(s)).map(Number).sort((a, b) => a - b)).toEqual(
      [want.tp, want.fp, want.fn, want.tn].sort((a, b) => a - b),
    );
    return want;
  };
  const atHalf = await check(0.5);

  await slider.fill('0.9');
  const atHigh = await check(0.9);
  // Keyboard: five steps down from 0.90.
  await slider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await check(0.85);
  await slider.fill('0.05');
  const atLow = await check(0.05);
  // A higher threshold calls fewer rows positive: recall cannot rise and false positives cannot grow.
  expect(atHigh.recall).toBeLessThanOrEqual(atHalf.recall);
  expect(atLow.recall).toBeGreaterThanOrEqual(atHalf.recall);
  expect(atHigh.fp).toBeLessThanOrEqual(atLow.fp);
  expect(atHigh.tp + atHigh.fp).not.toBe(atLow.tp + atLow.fp);

  // Normalised: each actual class's row sums to one.
  await slider.fill('0.5');
  await results.getByRole('checkbox', { name: 'Normalise confusion matrix' }).check();
  const rate = (n: number, of: number) => (of ? n / of : 0).toFixed(2);
  await expect
    .poll(async () => (await plotTexts(page, 'Confusion matrix')).filter((s) => /^\d\.\d\d$/.test(s)).sort())
    .toEqual([rate(atHalf.tp, atHalf.tp + atHalf.fn), rate(atHalf.fn, atHalf.tp + atHalf.fn), rate(atHalf.tn, atHalf.tn + atHalf.fp), rate(atHalf.fp, atHalf.tn + atHalf.fp)].sort());
  await results.getByRole('checkbox', { name: 'Normalise confusion matrix' }).uncheck();
  await check(0.5);
});

test('a regression run shows predicted-vs-actual, residuals and a residual histogram', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await page.getByLabel('Target column').selectOption('body_mass_g');
  await expect(region(page, 'Pipeline')).toContainText('Regression of body_mass_g');
  await runAndWait(page);
  const results = region(page, 'Results');
  for (const name of ['Predicted versus actual', 'Residuals', 'Residual histogram']) {
    await expectChart(results.getByRole('img', { name, exact: true }));
  }
  await expect(results.getByRole('slider', { name: 'Decision threshold' })).toHaveCount(0);
});

test('Pause holds training, Resume lets it finish, and Cancel while paused cancels', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  // WebAssembly trains this small network fastest and steadiest (the automatic choice may time WebGL
  // faster on a busy machine, then crawl); enough epochs to pause mid-run.
  await page.getByLabel('Backend').selectOption('wasm');
  await useNetwork(page);
  await setModelParams(page, { epochs: 200, units: 16, schedule: 'constant' });
  const train = region(page, 'Train');
  // Pause, Resume and Cancel are in the top bar, at hand whichever view is shown.
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  const resume = page.getByRole('button', { name: 'Resume', exact: true });

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => epochShown(page).catch(() => 0), { intervals: [50] }).toBeGreaterThan(0);
  await pause.click();
  await expect(train.getByText('Paused', { exact: true })).toBeVisible();
  await page.waitForTimeout(300); // an epoch already under way may still report
  const held = await epochShown(page);
  await page.waitForTimeout(1200);
  expect(await epochShown(page)).toBe(held);
  expect(held).toBeLessThan(200);

  await resume.click();
  await expect.poll(() => epochShown(page)).toBeGreaterThan(held);
  await expect(page.getByRole('table', { name: 'Metrics', exact: true })).toBeVisible({ timeout: 150_000 });
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('aria-valuenow', '100');
  await expect(pause).toBeDisabled();

  // Again (other epochs, or the engine would reuse the cached model), and cancel while paused.
  await setModelParams(page, { epochs: 180 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => epochShown(page).catch(() => 0), { intervals: [50] }).toBeGreaterThan(0);
  await pause.click();
  await expect(resume).toBeVisible();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(train).toContainText('Cancelled');
  await expect(train.getByRole('alert')).toHaveCount(0);
  await expect(pause).toBeDisabled();
  // The engine is free again (and not paused): the next run finishes.
  await setModelParams(page, { epochs: 20 });
  await runAndWait(page);
});

test('two model nodes draw one loss curve each', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  await editSpec(
    page,
    `spec.nodes.push({ id: 'mlp', kind: 'mlp', params: { epochs: 15 } }, { id: 'evaluate_mlp', kind: 'evaluate', params: {} });
     spec.edges.push({ from: 'split', to: 'mlp' }, { from: 'mlp', to: 'evaluate_mlp' });
     spec.nodes.find((n) => n.id === 'model').params.max_iter = 15;`,
  );
  await runAndWait(page);
  const chart = region(page, 'Train').getByRole('img', { name: 'Loss curve' });
  await expect(chart.locator('svg text', { hasText: 'model training loss' })).toBeVisible();
  await expect(chart.locator('svg text', { hasText: 'mlp training loss' })).toBeVisible();
});

test('a divergent run (learning rate 1e6) stops with advice to lower the learning rate', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await page.getByLabel('Target column').selectOption('body_mass_g');
  await expect(region(page, 'Pipeline')).toContainText('Regression of body_mass_g');
  await useNetwork(page);
  await setModelParams(page, { learning_rate: 1e6, schedule: 'constant' });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(region(page, 'Train').getByRole('alert')).toContainText(/diverged.*lower learning rate/i, { timeout: 60_000 });
  await expect(page.getByRole('table', { name: 'Metrics', exact: true })).toHaveCount(0);
});
