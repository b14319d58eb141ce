import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerTarget, expectDataset, loadSample, openStudio, region, runAndWait, view, expect, test } from './helpers';

const png = readFileSync(fileURLToPath(new URL('../../public/icons/icon-192.png', import.meta.url)));

test('a PNG renamed .csv and an empty file each show a clear error, and the loaded dataset stays', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  const data = region(page, 'Data');
  const input = page.getByLabel('Choose CSV file');

  await input.setInputFiles({ name: 'picture.csv', mimeType: 'text/csv', buffer: png });
  const alert = data.getByRole('alert');
  await expect(alert).toContainText('picture.csv');
  const pngMessage = (await alert.innerText()).replace(/^Could not load picture\.csv:\s*/, '');
  expect(pngMessage.length).toBeGreaterThan(10);
  await expectDataset(page, 344, 8);
  await expect(data).toContainText('penguins.csv');
  await expect(page.getByLabel('Target column')).toHaveValue('species');

  await input.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await expect(alert).toContainText('empty.csv');
  await expect(alert).toContainText(/empty/i);
  await expectDataset(page, 344, 8);

  // A good file clears the error.
  await loadSample(page, 'iris', 150, 5);
  await expect(alert).toHaveCount(0);
});

test('each kind of malformed file gets its own message, and the stored datasets and the active one stay', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  await loadSample(page, 'penguins', 344, 8);
  const data = region(page, 'Data');
  const datasets = page.getByRole('list', { name: 'Datasets', exact: true }).getByRole('listitem');
  const input = page.getByLabel('Choose CSV file');
  const alert = data.getByRole('alert');
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));

  const cases: { name: string; content: Buffer; message: RegExp }[] = [
    { name: 'noise.csv', content: binary, message: /^Could not load noise\.csv: .*does not look like a CSV text file \(it contains binary data/ },
    { name: 'empty.csv', content: Buffer.alloc(0), message: /^Could not load empty\.csv: .*is empty/ },
    { name: 'header-only.csv', content: Buffer.from('a,b,c\n'), message: /^Could not load header-only\.csv: .*has a header row but no data rows/ },
    { name: 'twice.csv', content: Buffer.from('a,b,a\n1,2,3\n'), message: /^Could not load twice\.csv: .*has two columns named "a" \(columns 1 and 3 of the header row\)/ },
    { name: 'unnamed.csv', content: Buffer.from('a,,c\n1,2,3\n'), message: /^Could not load unnamed\.csv: .*has a column without a name \(column 2 of the header row\)/ },
    { name: 'blank.csv', content: Buffer.from('\n\n\n'), message: /^Could not load blank\.csv: .*(has no columns|is empty)/ },
    { name: 'report.xlsx', content: Buffer.from('PK'), message: /^Could not load report\.xlsx: it is a spreadsheet workbook, not a CSV file; save the sheet as CSV first$/ },
  ];
  for (const c of cases) {
    await input.setInputFiles({ name: c.name, mimeType: 'text/csv', buffer: c.content });
    await expect(alert).toHaveText(c.message);
    await expect(datasets).toHaveCount(2);
    await expect(page.getByRole('radio', { name: 'penguins.csv', exact: true })).toBeChecked();
    await expectDataset(page, 344, 8);
  }

  // Ragged rows: the good rows load, each bad row is listed with its number and why.
  await input.setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,label\n1,2,a\n3,b\n4,5,b\n6,7,a,9\n8,9,b\n') });
  await answerTarget(page);
  await expect(alert).toHaveCount(0);
  await expect(datasets).toHaveCount(3);
  await expect(data.getByText('2 rows skipped')).toBeVisible();
  await data.getByText('Rows left out (2)').click();
  // Named by their lines in the file, the header being line 1.
  await expect(data.getByRole('listitem').filter({ hasText: /^line 3: expected 3 fields, found 2$/ })).toHaveCount(1);
  await expect(data.getByRole('listitem').filter({ hasText: /^line 5: expected 3 fields, found 4$/ })).toHaveCount(1);
  await expectDataset(page, 3, 3);
});

test('a run on a file with rows left out says so first in its run messages', async ({ page }) => {
  await openStudio(page);
  // 40 good rows of two classes, and two rows of the wrong width on lines 4 and 9.
  const lines = ['x,y,label', ...Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${i % 2 ? 'odd' : 'even'}`)];
  lines.splice(3, 0, '3,b');
  lines.splice(8, 0, '6,7,a,9');
  await page.getByLabel('Choose CSV file').setInputFiles({ name: 'ragged-run.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') });
  await answerTarget(page, 'label');
  await expectDataset(page, 40, 3);
  await runAndWait(page);
  await expect(page.getByRole('list', { name: 'Run messages' }).getByRole('listitem').first()).toHaveText(
    'ragged-run.csv: 2 rows were left out while reading (lines 4, 9): line 4: expected 3 fields, found 2; line 9: expected 3 fields, found 4',
  );
});

test('an invalid model file is refused and nothing is stored', async ({ page }) => {
  await openStudio(page);
  await view(page, 'Models');
  await page.getByLabel('Import model').setInputFiles({ name: 'not-a-model.pstudio', mimeType: 'application/zip', buffer: png });
  await expect(region(page, 'Models').getByRole('alert')).toContainText('not-a-model.pstudio');
  await expect(page.getByRole('list', { name: 'Saved models' }).getByRole('listitem')).toHaveCount(0);
});

test('readable on a phone, in the dark theme', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openStudio(page);
  await loadSample(page, 'breast_cancer', 569, 31);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The button says what pressing it does.
  const toggle = page.getByRole('button', { name: /^Switch to (light|dark) theme$/ });
  const wasDark = (await toggle.innerText()).includes('light');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', wasDark ? 'light' : 'dark');
  await expect(toggle).toHaveAccessibleName(`Switch to ${wasDark ? 'dark' : 'light'} theme`);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', wasDark ? 'light' : 'dark');
});
