/**
 * Every row of a long table is reachable, while the page holds only the rows in view: letter's
 * 20,000 rows in the Data view (keyboard End and Home, the wheel, the scrollbar dragged to the end),
 * the last row's cells compared with letter.csv read here; and the predictions of a scored file of
 * 4,128 rows to their last row, compared with the downloaded predictions file; and a million rows,
 * taller than a browser lays out, scrolled proportionally, a row a key. The rows in the DOM are
 * counted at every change, and the page's requests for rows are counted while it scrolls.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Locator, Page } from '@playwright/test';
import { answerTarget, expect, expectDataset, openStudio, predictButton, region, sampleText, test, trainAndSavePenguins } from './helpers';

const letterPath = fileURLToPath(new URL('../../../shared/datasets/letter.csv', import.meta.url));

function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Count, in the page, the rows the engine is asked for (comlink's calls of datasetRows and predictionRows, by their first row). */
async function countRowReads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const reads: { method: string; start: number }[] = [];
    (window as unknown as { rowReads: typeof reads }).rowReads = reads;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
      const call = message as { path?: string[]; argumentList?: { value?: unknown }[] } | null;
      const method = call?.path?.[0];
      if (method === 'datasetRows' || method === 'predictionRows') reads.push({ method, start: Number(call?.argumentList?.[1]?.value) });
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
}

const rowReads = (page: Page) => page.evaluate(() => (window as unknown as { rowReads: { method: string; start: number }[] }).rowReads.slice());

/** Record, in the page, the most body rows a table held at any change from now on. */
async function watchRowCount(table: Locator): Promise<void> {
  await table.evaluate((el) => {
    const body = el.querySelector('tbody') as HTMLElement;
    const state = { max: body.childElementCount };
    (el as unknown as { rowWatch: typeof state }).rowWatch = state;
    new MutationObserver(() => (state.max = Math.max(state.max, body.childElementCount))).observe(body, { childList: true });
  });
}

const mostRows = (table: Locator) => table.evaluate((el) => (el as unknown as { rowWatch: { max: number } }).rowWatch.max);

/** A rendered row by its number (1-based): its number cell and the others' text, once its page has arrived. */
async function rowCells(table: Locator, number: number): Promise<string[]> {
  const row = table.locator(`tbody tr[aria-rowindex="${number + 1}"]`);
  await expect(row).toBeVisible();
  await expect(table).toHaveAttribute('aria-busy', 'false');
  const cells = await row.getByRole('cell').allInnerTexts();
  expect(cells[0]).toBe(number.toLocaleString('en'));
  return cells.slice(1);
}

/** Wait until the box has stopped scrolling (a wheel's scroll may be animated) and the rows in view have arrived. */
async function settled(box: Locator, table: Locator): Promise<void> {
  let last = -1;
  await expect
    .poll(async () => {
      const now = await box.evaluate((el) => el.scrollTop);
      const still = now === last;
      last = now;
      return still;
    }, { intervals: [250] })
    .toBe(true);
  await expect(table).toHaveAttribute('aria-busy', 'false');
}

/** The number of the row shown first under the header, from where the rows are on screen. */
const rowUnderHeader = (box: Locator) =>
  box.evaluate((el) => {
    // The header cells stick to the top (global.css), not the header row's box.
    const head = (el.querySelector('thead th') as HTMLElement).getBoundingClientRect().bottom;
    const row = [...el.querySelectorAll('tbody tr')].find((tr) => tr.getBoundingClientRect().bottom > head + 1);
    return Number(row?.getAttribute('aria-rowindex')) - 1;
  });

/** The number of the last row rendered. */
async function lastRendered(table: Locator): Promise<number> {
  return Number((await table.locator('tbody tr').last().getAttribute('aria-rowindex')) ?? 0) - 1;
}

test('letter: all 20,000 rows of the Data view are reachable by keyboard, wheel and scrollbar; fewer than 100 are in the page', async ({ page }) => {
  test.setTimeout(180_000);
  const csv = parseCsv(readFileSync(letterPath, 'utf8'));
  const [, ...rows] = csv;
  expect(rows).toHaveLength(20_000);
  await countRowReads(page);
  await openStudio(page);
  await page.getByLabel('Choose CSV file').setInputFiles(letterPath);
  await answerTarget(page, 'lettr');
  await expectDataset(page, 20_000, 17);

  const table = page.getByRole('table', { name: 'Data preview' });
  const box = page.getByRole('region', { name: 'Data preview (scrollable)' });
  await expect(table).toHaveAttribute('aria-rowcount', '20001');
  await expect(table.getByRole('columnheader')).toHaveText(['#', ...csv[0]]);
  await expect(region(page, 'Data')).toContainText('All 20,000 rows');
  await watchRowCount(table);
  // The first page came with the dataset: nothing was asked for yet.
  expect(await rowCells(table, 1)).toEqual(rows[0]);
  expect(await rowReads(page)).toEqual([]);

  // Keyboard: End shows the last row, cells as the file has them; Home the first again.
  await box.focus();
  await page.keyboard.press('End');
  expect(await rowCells(table, 20_000)).toEqual(rows[19_999]);
  expect(await lastRendered(table)).toBe(20_000);
  expect(await rowReads(page)).toEqual([{ method: 'datasetRows', start: 19_900 }]);
  await page.keyboard.press('Home');
  expect(await rowCells(table, 1)).toEqual(rows[0]);
  // Page Down twice and an arrow down: a viewport less a row each, then a row.
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowDown');
  const pageRows = await box.evaluate((el) => {
    const head = el.querySelector('thead') as HTMLElement;
    const row = el.querySelector('tbody tr') as HTMLElement;
    return Math.floor((el.clientHeight - head.offsetHeight) / row.getBoundingClientRect().height) - 1;
  });
  await expect.poll(() => rowUnderHeader(box)).toBe(2 * pageRows + 2);
  expect(await rowCells(table, 2 * pageRows + 2)).toEqual(rows[2 * pageRows + 1]);

  // The wheel: rows thousands down, as the file has them.
  await box.hover();
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 3000);
  await settled(box, table);
  const wheeled = await rowUnderHeader(box);
  expect(wheeled).toBeGreaterThan(500);
  expect(await rowCells(table, wheeled + 3)).toEqual(rows[wheeled + 2]);

  // A fast scroll, a new position every frame for a second, to row 12,000: only the pages where it stopped are read.
  const before = (await rowReads(page)).length;
  await box.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        const row = (el.querySelector('tbody tr') as HTMLElement).getBoundingClientRect().height;
        let frame = 0;
        const step = () => {
          el.scrollTop = (++frame / 60) * 11_999 * row;
          if (frame < 60) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      }),
  );
  await settled(box, table);
  const stopped = await rowUnderHeader(box);
  expect(stopped).toBe(12_000);
  const fastReads = (await rowReads(page)).slice(before);
  expect(fastReads.length).toBeGreaterThan(0);
  expect(fastReads.length).toBeLessThanOrEqual(2);
  for (const read of fastReads) expect([11_900, 12_000]).toContain(read.start);
  expect(await rowCells(table, 12_005)).toEqual(rows[12_004]);

  // The scrollbar dragged to the end (a scroll position set at once): the last row again.
  await box.evaluate((el) => (el.scrollTop = el.scrollHeight));
  expect(await rowCells(table, 20_000)).toEqual(rows[19_999]);
  expect(await rowCells(table, 19_990)).toEqual(rows[19_989]);

  const most = await mostRows(table);
  expect(most).toBeGreaterThan(10);
  expect(most).toBeLessThan(100);
});

test('predictions of a file of 4,128 rows scroll to the last row, which is the downloaded file’s last row', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await trainAndSavePenguins(page);
  const predict = region(page, 'Predict');

  // penguins twelve times over, without its target.
  const [header, ...body] = parseCsv(sampleText('penguins.csv'));
  const keep = header.map((_, j) => j).filter((j) => header[j] !== 'species');
  const lines = Array.from({ length: 12 }, () => body)
    .flat()
    .map((r) => keep.map((j) => r[j]));
  const file = Papa.unparse({ fields: keep.map((j) => header[j]), data: lines }, { newline: '\n' }) + '\n';
  await predict.getByLabel('Choose CSV to score').setInputFiles({ name: 'penguins-x12.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await expect(predict.getByRole('radio', { name: /^File to score: penguins-x12\.csv/ })).toBeChecked();
  await expect(predictButton(page)).toBeEnabled();
  await predictButton(page).click();

  const table = page.getByRole('table', { name: 'Predictions' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table).toHaveAttribute('aria-rowcount', '4129');
  await watchRowCount(table);

  const downloading = page.waitForEvent('download');
  await predict.getByRole('link', { name: 'Download predictions' }).click();
  const path = testInfo.outputPath('predictions.csv');
  await (await downloading).saveAs(path);
  const [fields, ...scored] = parseCsv(readFileSync(path, 'utf8'));
  expect(scored).toHaveLength(4128);
  const appended = fields.slice(keep.length);
  expect(appended[0]).toBe('predicted_species');
  await expect(table.getByRole('columnheader')).toHaveText(['#', ...appended]);

  await page.getByRole('region', { name: 'Predictions (scrollable)' }).focus();
  await page.keyboard.press('End');
  const last = await rowCells(table, 4128);
  expect(last).toEqual(scored[4127].slice(keep.length));
  // The class is the likeliest one.
  const probabilities = last.slice(1).map(Number);
  expect(appended[1 + probabilities.indexOf(Math.max(...probabilities))]).toBe(`proba_${last[0]}`);
  expect(await lastRendered(table)).toBe(4128);
  expect(await mostRows(table)).toBeLessThan(100);
});

test('a million rows, past the height a browser lays out: the scrollbar maps onto every row, End reaches the millionth', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  // Row i: its number times 3, and a label; the body would be some 30 million px tall, the viewer lays out 8 million.
  const rows = 1_000_000;
  const lines = ['n,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i * 3},${i % 3 === 0 ? 'yes' : 'no'}`);
  const path = testInfo.outputPath('million-narrow.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  await openStudio(page);
  await page.getByLabel('Choose CSV file').setInputFiles(path);
  await answerTarget(page, 'label');
  await expectDataset(page, rows, 2);

  const table = page.getByRole('table', { name: 'Data preview' });
  const box = page.getByRole('region', { name: 'Data preview (scrollable)' });
  await expect(table).toHaveAttribute('aria-rowcount', '1000001');
  await watchRowCount(table);
  const height = await box.evaluate((el) => el.scrollHeight);
  expect(height).toBeLessThan(8_100_000);

  await box.focus();
  await page.keyboard.press('End');
  expect(await rowCells(table, 1_000_000)).toEqual([String(999_999 * 3), 'yes']);
  const atEnd = await rowUnderHeader(box);
  expect(atEnd).toBeGreaterThan(999_980);
  // A row a key, though a pixel of the scrollbar is some four rows here.
  for (let i = 1; i <= 3; i++) {
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => rowUnderHeader(box)).toBe(atEnd - i);
  }
  expect(await rowCells(table, atEnd - 3)).toEqual([String((atEnd - 4) * 3), (atEnd - 4) % 3 === 0 ? 'yes' : 'no']);

  // Half way down the scrollbar is half way through the rows.
  await box.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
  await expect(table).toHaveAttribute('aria-busy', 'false');
  const shown = Number(await table.locator('tbody tr').nth(8).getAttribute('aria-rowindex')) - 1;
  expect(Math.abs(shown - rows / 2)).toBeLessThan(20);
  expect(await rowCells(table, shown)).toEqual([String((shown - 1) * 3), (shown - 1) % 3 === 0 ? 'yes' : 'no']);

  await page.keyboard.press('Home');
  expect(await rowCells(table, 1)).toEqual(['0', 'yes']);
  expect(await mostRows(table)).toBeLessThan(100);
});
