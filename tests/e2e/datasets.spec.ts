import type { Page } from '@playwright/test';
import { answerTarget, dropFiles, expectDataset, loadSample, openStudio, region, untilServiceWorkerControls, expect, test } from './helpers';
import { activeRadio, datasetCsv, datasetList } from './datasets';

/** The active dataset's row and column counts (without asking for a runnable pipeline, which one column cannot give). */
async function expectShape(page: Page, rows: number, columns: number): Promise<void> {
  const data = region(page, 'Data');
  await expect(data.getByTestId('row-count')).toHaveText(`${rows.toLocaleString('en')} rows`);
  await expect(data.getByTestId('column-count')).toHaveText(`${columns} columns`);
}

function datasetItems(page: Page) {
  return datasetList(page).getByRole('listitem');
}

test('several dropped files each become a dataset, loaded one after the other; the last is active', async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, [
    { name: 'first.csv', type: 'text/csv', text: datasetCsv(12) },
    { name: 'second.csv', type: 'text/csv', text: datasetCsv(20, { delimiter: ',', seed: 1000 }) },
    { name: 'third.tsv', type: 'text/tab-separated-values', text: datasetCsv(7, { delimiter: '\t', seed: 2000 }) },
  ]);
  // The last one added is active, and the page asks what to predict in it.
  await answerTarget(page);
  await expect(datasetItems(page)).toHaveCount(3);
  await expect(datasetItems(page)).toHaveText([/first\.csv\s+12 rows · 4 columns/, /second\.csv\s+20 rows · 4 columns/, /third\.tsv\s+7 rows · 4 columns/]);
  await expect(activeRadio(page, 'third.tsv')).toBeChecked();
  await expectDataset(page, 7, 4);

  // Picking another one makes it active (the engine holds all three).
  await activeRadio(page, 'first.csv').check();
  await expectDataset(page, 12, 4);

  // The same content again is not stored twice: the user is told, and the stored one is selected.
  await page.getByLabel('Choose CSV file').setInputFiles([{ name: 'copy.csv', mimeType: 'text/csv', buffer: Buffer.from(datasetCsv(20, { delimiter: ',', seed: 1000 })) }]);
  await expect(region(page, 'Data').getByRole('status')).toContainText('copy.csv: This file is already in the Datasets list as "second.csv"');
  await expect(datasetItems(page)).toHaveCount(3);
  await expect(activeRadio(page, 'second.csv')).toBeChecked();
  await expectDataset(page, 20, 4);
});

test('pasted CSV text becomes a dataset; rename and delete (with undo) a dataset', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);

  await page.getByRole('button', { name: 'Paste CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste CSV' });
  await dialog.getByLabel('Dataset name').fill('pasted weather');
  await dialog.getByLabel('CSV text').fill('temp;wind;rain\n12.5;3;no\n14;5;yes\n9.5;1;no\n');
  await dialog.getByRole('button', { name: 'Add dataset' }).click();
  await expect(dialog).toBeHidden();
  await answerTarget(page);
  await expect(activeRadio(page, 'pasted weather')).toBeChecked();
  await expectDataset(page, 3, 3);

  // Rename
  await datasetList(page).getByRole('button', { name: 'Rename pasted weather' }).click();
  await page.getByLabel('New name for pasted weather').fill('weather 2026');
  await page.getByLabel('New name for pasted weather').press('Enter');
  await expect(activeRadio(page, 'weather 2026')).toBeChecked();
  await expect(region(page, 'Data').locator('.summary')).toContainText('weather 2026');

  // Delete the active one: the other becomes active; Undo brings it back.
  await datasetList(page).getByRole('button', { name: 'Delete weather 2026' }).click();
  await expect(datasetItems(page)).toHaveCount(1);
  await expect(activeRadio(page, 'iris.csv')).toBeChecked();
  await expectDataset(page, 150, 5);
  await page.getByRole('button', { name: 'Undo delete' }).click();
  await expect(datasetItems(page)).toHaveCount(2);
  await activeRadio(page, 'weather 2026').check();
  await expectDataset(page, 3, 3);

  // Deleted for good: gone after a reload too.
  await datasetList(page).getByRole('button', { name: 'Delete iris.csv' }).click();
  await region(page, 'Data').getByRole('button', { name: 'Dismiss' }).click();
  await page.reload();
  await expect(datasetItems(page)).toHaveCount(1);
  await expect(activeRadio(page, 'weather 2026')).toBeChecked();
  await expectDataset(page, 3, 3);
});

test('datasets and the active one come back after a reload, with a changed column kind', async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, [
    { name: 'codes.csv', type: 'text/csv', text: datasetCsv(30) },
    { name: 'other.csv', type: 'text/csv', text: datasetCsv(5, { delimiter: ',', seed: 500 }) },
  ]);
  await answerTarget(page);
  await activeRadio(page, 'codes.csv').check();
  await expectDataset(page, 30, 4);

  const kind = page.getByLabel('Kind of code');
  await expect(kind).toHaveValue('numeric');
  await kind.selectOption('categorical');
  await expect(kind).toHaveValue('categorical');
  const row = page.getByRole('table', { name: 'Columns' }).getByRole('row', { name: /^code\b/ });
  // 3 distinct codes; counted by the engine after the cast.
  await expect(row.getByRole('cell').nth(2)).toHaveText('3');

  // Excluding a column removes it from the table; it is listed to include again.
  await page.getByRole('button', { name: 'Exclude size' }).click();
  await expectDataset(page, 30, 3);
  await expect(page.getByRole('button', { name: 'Include size' })).toBeVisible();

  await page.reload();
  await expect(datasetItems(page)).toHaveCount(2);
  await expect(activeRadio(page, 'codes.csv')).toBeChecked();
  await expectDataset(page, 30, 3);
  await expect(page.getByLabel('Kind of code')).toHaveValue('categorical');
  await page.getByRole('button', { name: 'Include size' }).click();
  await expectDataset(page, 30, 4);
});

test('a dialect override: a ";" file read with "," is one column, then read right again', async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, [{ name: 'semicolons.csv', type: 'text/csv', text: datasetCsv(9, { delimiter: ';' }) }]);
  await answerTarget(page);
  await expectDataset(page, 9, 4);
  const options = region(page, 'Data').getByText('How the file is read');
  await options.click();
  await expect(page.getByTestId('dialect')).toContainText('Delimiter semicolon (;)');

  await page.getByLabel('Delimiter').selectOption(',');
  await page.getByRole('button', { name: 'Read again' }).click();
  await expectShape(page, 9, 1);
  await expect(page.getByTestId('dialect')).toContainText('Delimiter comma (,)');
  await expect(page.getByRole('table', { name: 'Columns' }).getByRole('rowheader')).toHaveText([/^id;code;size;label\b/]);

  await page.reload();
  await expectShape(page, 9, 1);
  await region(page, 'Data').getByText('How the file is read').click();
  await page.getByLabel('Delimiter').selectOption(';');
  await page.getByRole('button', { name: 'Read again' }).click();
  await expectDataset(page, 9, 4);

  // No header row: the names become a data row, and the columns are numbered.
  await page.getByLabel('Header row').selectOption('false');
  await page.getByRole('button', { name: 'Read again' }).click();
  await expectShape(page, 10, 4);
  await expect(page.getByTestId('dialect')).toContainText('no header row');
  await expect(page.getByRole('table', { name: 'Columns' }).getByRole('rowheader').first()).toHaveText(/^column_1\b/);
});

test('cancelling the load of a large file keeps the previous dataset active', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  // About 150 MB, built in the page from one repeated block, dropped like a real file.
  await page.evaluate(() => {
    const block = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 7},${(i * 0.37).toFixed(3)},label${i % 5}`).join('\n') + '\n';
    const file = new File(['a,b,c,d\n', ...Array.from({ length: 300 }, () => block)], 'huge.csv', { type: 'text/csv' });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    document.querySelector('main')?.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  });
  await expect(page.getByText(/Loading huge\.csv/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel loading' }).click();
  await expect(page.getByText(/Loading huge\.csv/)).toBeHidden();
  await expect(datasetItems(page)).toHaveCount(1);
  await expect(activeRadio(page, 'penguins.csv')).toBeChecked();
  await expectDataset(page, 344, 8);
  await expect(region(page, 'Data').getByRole('alert')).toHaveCount(0);
});

test('missing-value tokens are edited per dataset: without "?" a numeric column with "?" cells is no longer numeric', async ({ page }) => {
  await openStudio(page);
  // "?" in a numeric column is missing by default; "NA" in a categorical column is a category.
  const text = 'weight,grade,label\n1.5,NA,a\n?,B,b\n2.5,A,a\n4,NA,b\n3,B,a\n';
  await dropFiles(page, [{ name: 'tokens.csv', type: 'text/csv', text }]);
  await answerTarget(page);
  await expectShape(page, 5, 3);
  const columns = page.getByRole('table', { name: 'Columns' });
  const weight = columns.getByRole('row', { name: /^weight\b/ });
  const grade = columns.getByRole('row', { name: /^grade\b/ });
  await expect(page.getByLabel('Kind of weight')).toHaveValue('numeric');
  await expect(weight.getByRole('cell').nth(1)).toHaveText('1');
  await expect(page.getByLabel('Kind of grade')).toHaveValue('categorical');
  await expect(grade.getByRole('cell').nth(1)).toHaveText('0');
  await expect(grade.getByRole('cell').nth(2)).toHaveText('3');

  await region(page, 'Data').getByText('How the file is read').click();
  const tokens = page.getByLabel(/^Missing-value tokens/);
  await expect(tokens).toHaveValue('NA, N/A, n/a, NaN, null, ?, -');
  await tokens.fill('NA, null');
  await page.getByRole('button', { name: 'Read again' }).click();
  await expect(page.getByLabel('Kind of weight')).not.toHaveValue('numeric');
  // "?" is now a value of the weight column, not a missing one.
  await expect(weight.getByRole('cell').nth(1)).toHaveText('0');
  await expect(grade.getByRole('cell').nth(1)).toHaveText('0');

  await page.reload();
  await expect(page.getByLabel('Kind of weight')).not.toHaveValue('numeric');
  await region(page, 'Data').getByText('How the file is read').click();
  await expect(page.getByLabel(/^Missing-value tokens/)).toHaveValue('NA, null');
});

test('an offline start brings the stored datasets back', async ({ page, context }) => {
  await openStudio(page);
  await dropFiles(page, [
    { name: 'one.csv', type: 'text/csv', text: datasetCsv(11) },
    { name: 'two.csv', type: 'text/csv', text: datasetCsv(6, { delimiter: ',', seed: 77 }) },
  ]);
  await answerTarget(page);
  await expectDataset(page, 6, 4);
  await untilServiceWorkerControls(page);

  await context.setOffline(true);
  try {
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await expect(datasetItems(page)).toHaveCount(2);
    await expect(activeRadio(page, 'two.csv')).toBeChecked();
    await expectDataset(page, 6, 4);
    await activeRadio(page, 'one.csv').check();
    await expectDataset(page, 11, 4);
  } finally {
    await context.setOffline(false);
  }
});
