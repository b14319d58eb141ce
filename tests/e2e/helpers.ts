import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Playwright's test, failing any test during which the page threw an uncaught error. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Console warnings and errors from now on, the page's and (relayed by Chromium) its workers'. */
export function recordConsoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') problems.push(`${message.type()}: ${message.text()}`);
  });
  return problems;
}

export const samplesDir = fileURLToPath(new URL('../../public/samples/', import.meta.url));

export function sampleText(file: string): string {
  return readFileSync(`${samplesDir}${file}`, 'utf8');
}

/** One of the page's sections, by its heading. */
export function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

/** The drawer's view that holds each of the page's sections (the pipeline is always shown, around the canvas). */
const VIEW_OF: Readonly<Record<string, string>> = {
  Data: 'Data',
  Profile: 'Data',
  Train: 'Results',
  Results: 'Results',
  'Run log': 'Results',
  Runs: 'Runs',
  Models: 'Models',
  Versions: 'Versions',
  AutoML: 'AutoML',
  Predict: 'Predict',
};

/** A view's tab in the top bar. */
export function viewTab(page: Page, view: string): Locator {
  return page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name: view, exact: true });
}

/** Show the drawer's view that holds the section headed `name` (clicking its tab unless it is shown), and return the section. */
export async function view(page: Page, name: string): Promise<Locator> {
  const tab = viewTab(page, VIEW_OF[name] ?? name);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  return region(page, name);
}

/** A chart (role img) is drawn: charts are drawn when scrolled into view, so it is scrolled to first. */
export async function expectChart(chart: Locator): Promise<void> {
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('svg').first()).toBeVisible();
}

/** Collect the page's main-thread long tasks (over 50 ms) from now on; `longTaskDurations` reads them back. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
  });
}

/** A main-thread task of over 50 ms: when it started and how long it ran (ms, on the page's clock). */
export interface LongTask {
  start: number;
  duration: number;
}

/** Record every long task from the page's load on (buffered: tasks before the observer count too); `timedLongTasks` reads them back. */
export async function watchLongTasksFromLoad(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (window as unknown as { timedLongTasks: typeof tasks }).timedLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks seen since watchLongTasksFromLoad that started at `since` (page clock, ms) or later. */
export async function timedLongTasks(page: Page, since: number): Promise<LongTask[]> {
  const tasks = await page.evaluate(() => (window as unknown as { timedLongTasks: LongTask[] }).timedLongTasks);
  return tasks.filter((t) => t.start >= since);
}

/** The durations (ms) of the long tasks seen since watchLongTasks. */
export function longTaskDurations(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
}

export function savedModels(page: Page): Locator {
  return page.getByRole('list', { name: 'Saved models' });
}

export async function openStudio(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Pipeline Studio' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load sample penguins' })).toBeEnabled();
}

/** Load a built-in sample and wait until the data and the pipeline are shown. */
export async function loadSample(page: Page, name: string, rows: number, columns: number): Promise<void> {
  await view(page, 'Data');
  await page.getByRole('button', { name: `Load sample ${name}` }).click();
  await expectDataset(page, rows, columns);
}

export async function expectDataset(page: Page, rows: number, columns: number): Promise<void> {
  const data = await view(page, 'Data');
  await expect(data.getByText(`${rows.toLocaleString('en')} rows`, { exact: true })).toBeVisible();
  await expect(data.getByText(`${columns} columns`, { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
}

/**
 * Answer "What do you want to predict?", asked when a file without a known target is added (samples
 * know theirs): the suggested column, or `column`.
 */
export async function answerTarget(page: Page, column?: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'What do you want to predict?' });
  await expect(dialog).toBeVisible();
  if (column) await dialog.getByRole('radio', { name: column, exact: true }).check();
  await dialog.getByRole('button', { name: /^Predict / }).click();
  await expect(dialog).toBeHidden();
}

/** A metric's value from the Results table, once a run has finished. */
export async function metric(page: Page, label: string): Promise<number> {
  await view(page, 'Results');
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `);
  const cell = page.getByRole('table', { name: 'Metrics' }).getByRole('row', { name }).getByRole('cell');
  await expect(cell).toBeVisible();
  return Number(await cell.innerText());
}

export async function runAndWait(page: Page, how: 'click' | 'keyboard' = 'click'): Promise<void> {
  if (how === 'click') await page.getByRole('button', { name: 'Run', exact: true }).click();
  else await page.keyboard.press('ControlOrMeta+Enter');
  const metrics = page.getByRole('table', { name: 'Metrics' });
  const failure = region(page, 'Train').getByRole('alert');
  await expect(metrics.or(failure)).toBeVisible({ timeout: 120_000 });
  if (await failure.isVisible()) throw new Error(`The run failed: ${await failure.innerText()}`);
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('aria-valuenow', '100');
}

/** The saved models' list items (not the items of lists inside them, such as a model's gate checks). */
export function modelItems(page: Page): Locator {
  return savedModels(page).getByRole('listitem').filter({ has: page.getByTestId('model-version') });
}

/** A saved model's list item, by (part of) its name. */
export function modelItem(page: Page, name: string | RegExp): Locator {
  return modelItems(page).and(page.getByRole('listitem', { name }));
}

/** A saved model's list item, by its version within its pipeline. */
export function modelVersion(page: Page, version: number): Locator {
  return modelItems(page).filter({ has: page.getByTestId('model-version').getByText(`v${version}`, { exact: true }) });
}

/** Train the default pipeline on penguins and save the model, which the Predict panel then has picked. */
export async function trainAndSavePenguins(page: Page): Promise<void> {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await runAndWait(page);
  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  // The one model is picked in the Predict panel.
  await expect((await view(page, 'Predict')).getByLabel('Model to predict with')).toHaveValue(/.+/);
}

/** The Predict panel's main button ("Predict", or "Predict anyway" when the check found warnings). */
export function predictButton(page: Page): Locator {
  return region(page, 'Predict').getByRole('button', { name: /^Predict( anyway)?$/ });
}

/** Score the loaded (training) dataset with the model picked in the Predict panel; returns the preview's text. */
export async function predictLoaded(page: Page): Promise<string> {
  const predict = await view(page, 'Predict');
  await predict.getByRole('radio', { name: /^Loaded dataset/ }).check();
  await expect(predictButton(page)).toBeEnabled();
  await predictButton(page).click();
  return predictionsText(page);
}

/** The predictions preview as text, once it is shown. */
export async function predictionsText(page: Page): Promise<string> {
  const table = page.getByRole('table', { name: 'Predictions' });
  const failure = region(page, 'Predict').getByRole('alert');
  await expect(table.or(failure)).toBeVisible({ timeout: 60_000 });
  if (await failure.isVisible()) throw new Error(await failure.innerText());
  return table.innerText();
}

/** Fire dragenter, dragover and drop on the page (or on the element `selector` picks) with files built in the page from text or bytes. */
export async function dropFiles(
  page: Page,
  files: { name: string; type: string; text?: string; base64?: string }[],
  options: { checkOverlay?: boolean; selector?: string } = {},
): Promise<void> {
  const selector = options.selector ?? null;
  const fire = (type: 'dragenter' | 'dragover' | 'drop') =>
    page.evaluate(
      ({ files, type, selector }) => {
        const w = window as unknown as { __dropTransfer?: DataTransfer };
        if (type === 'dragenter' || !w.__dropTransfer) {
          const transfer = new DataTransfer();
          for (const f of files) {
            const content = f.base64 !== undefined ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : (f.text ?? '');
            transfer.items.add(new File([content], f.name, { type: f.type }));
          }
          w.__dropTransfer = transfer;
        }
        const target = (selector ? document.querySelector(selector) : null) ?? document.querySelector('main') ?? document.body;
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: w.__dropTransfer }));
        if (type === 'drop') delete w.__dropTransfer;
      },
      { files, type, selector },
    );
  await fire('dragenter');
  await fire('dragover');
  if (options.checkOverlay) await expect(page.getByText('Drop to open')).toBeVisible();
  await fire('drop');
  await expect(page.getByText('Drop to open')).toBeHidden();
}

/** Wait until the service worker has installed (precaching everything), activated and controls the page. */
export async function untilServiceWorkerControls(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
}

/** Type a row into the Predict panel's one-row form: a select for categorical columns, a field for the others. */
export async function typeRow(page: Page, values: Record<string, string>): Promise<void> {
  const predict = await view(page, 'Predict');
  for (const [name, value] of Object.entries(values)) {
    const field = predict.getByLabel(name, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
}

/** A Gentoo penguin as the one-row form takes it. */
export const GENTOO_ROW = { island: 'Biscoe', bill_length_mm: '47.5', bill_depth_mm: '15', flipper_length_mm: '217', body_mass_g: '5200' };
