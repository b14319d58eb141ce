import { answerTarget, expect, expectChart, loadSample, openStudio, region, test } from './helpers';

/** 40 rows: a row id, a constant column, a noisy measurement and a balanced label. */
function tinyCsv(): string {
  const lines = ['row_id,site,height,label'];
  for (let i = 0; i < 40; i++) lines.push(`${i + 1},lab 1,${(150 + ((i * 37) % 41)).toFixed(1)},${(i * 7) % 3 === 0 ? 'a' : 'b'}`);
  return `${lines.join('\n')}\n`;
}

test('the profile of a sample: column detail with its inferred type and a chart, target distribution, correlations', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  const profile = region(page, 'Profile');
  await expect(profile.getByText(/344 rows, 8 columns, profiled in \d+ ms/)).toBeVisible();
  await expect(profile.getByRole('progressbar', { name: 'Profiling progress' })).toHaveCount(0);

  await profile.getByLabel('Column to describe').selectOption('bill_length_mm');
  const column = profile.getByRole('article', { name: 'Column bill_length_mm' });
  await expect(column.getByTestId('inferred-type')).toHaveText('continuous');
  await expect(column.getByText('confidence 100%')).toBeVisible();
  // Mean of the 342 present values, as pandas' describe gives it: 43.92.
  await expect(column.getByRole('definition').filter({ hasText: '43.92' })).toBeVisible();
  await expectChart(column.getByRole('img', { name: 'Distribution of bill_length_mm' }));

  await expect(profile.getByText('species: classification, 3 classes')).toBeVisible();
  await expectChart(profile.getByRole('img', { name: 'Distribution of the target species' }));
  await expectChart(profile.getByRole('img', { name: 'Correlation heatmap of the numeric columns' }));
  await expect(profile.getByText(/Strongest: flipper_length_mm – body_mass_g 0\.87/)).toBeVisible();

  // year (2007–2009) is offered as categorical.
  const warnings = profile.getByRole('list', { name: 'Data-quality warnings' });
  await expect(warnings.getByRole('listitem').filter({ hasText: '"year" is numeric but holds only 3 distinct whole numbers' })).toBeVisible();
});

test('a warning on a small file: its fix adds the step after the source, undoably', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Choose CSV file').setInputFiles({ name: 'tiny.csv', mimeType: 'text/csv', buffer: Buffer.from(tinyCsv()) });
  await answerTarget(page);
  const profile = region(page, 'Profile');
  await expect(profile.getByText(/40 rows, 4 columns/)).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('label');

  const warnings = profile.getByRole('list', { name: 'Data-quality warnings' });
  const constant = warnings.getByRole('listitem').filter({ hasText: '"site" is constant' });
  const identifier = warnings.getByRole('listitem').filter({ hasText: '"row_id" looks like an identifier' });
  await expect(constant).toBeVisible();
  await expect(identifier).toBeVisible();
  await expect(constant).toContainText('every present cell holds "lab 1"');

  // Their roles already leave both out of the proposed pipeline: no second Drop columns is offered.
  await expect(constant).toContainText("Already dropped by the pipeline's step drop_columns.");
  await expect(identifier).toContainText("Already dropped by the pipeline's step drop_columns.");
  await expect(constant.getByRole('button')).toHaveCount(0);
  // Used by another role, they are in the pipeline again, and the fixes are offered.
  const columns = page.getByRole('table', { name: 'Columns' });
  await columns.getByRole('combobox', { name: 'Role of site' }).selectOption('category');
  await columns.getByRole('combobox', { name: 'Role of row_id' }).selectOption('numeric');
  await expect(constant.getByRole('button', { name: 'Fix: add Drop columns' })).toBeVisible();

  const steps = region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' }).getByRole('listitem');
  await expect(steps.first()).toBeVisible();
  const before = await steps.count();

  await constant.getByRole('button', { name: 'Fix: add Drop columns' }).click();
  await expect(constant.getByRole('status')).toHaveText(/Added "Drop columns" \(drop_columns\) after the source\./);
  await expect(steps).toHaveCount(before + 1);
  await expect(steps.nth(1)).toHaveText('Drop columns');
  await expect(steps.nth(1)).toHaveAttribute('title', 'columns: site');

  await identifier.getByRole('button', { name: 'Fix: add Drop columns' }).click();
  await expect(steps).toHaveCount(before + 2);
  await expect(steps.nth(1)).toHaveAttribute('title', 'columns: row_id');
  await expect(steps.nth(2)).toHaveAttribute('title', 'columns: site');

  // One undoable edit per fix.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(steps).toHaveCount(before + 1);

  // The data stays readable on a phone.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(profile.getByRole('img', { name: /^Distribution of / }).first()).toBeVisible();
  // Charts follow the new width once plotly has handled the resize.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});

test('rows are named by their line in the file, past a blank line, a broken row and a two-line record', async ({ page }) => {
  await openStudio(page);
  // Line 4 is blank, line 7 has two fields, the record on line 8 ends on line 9, line 11 repeats line 2.
  const text = 'id,price,label\n1,10,a\n2,20,b\n\n3,n/k,a\n4,"40",b\n5,50\n"6\nsix",60,a\n7,70,b\n1,10,a\n8,80,a\n';
  await page.getByLabel('Choose CSV file').setInputFiles({ name: 'lines.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await answerTarget(page);
  const data = region(page, 'Data');
  await data.getByText('Rows left out (1)').click();
  await expect(data.getByRole('listitem').filter({ hasText: /^line 7: expected 3 fields, found 2$/ })).toHaveCount(1);

  const profile = region(page, 'Profile');
  await expect(profile.getByText(/8 rows, 3 columns/)).toBeVisible();
  const warnings = profile.getByRole('list', { name: 'Data-quality warnings' });
  const examples = (text: string) => warnings.getByRole('listitem').filter({ hasText: text }).getByRole('list', { name: 'Examples' });
  await expect(examples('row repeats an earlier row')).toHaveText('line 11: same as line 2');
  await expect(examples('"price" holds numbers except in 1 cell')).toHaveText('line 5: n/k');
});

test('a large dataset is profiled on demand', async ({ page }) => {
  await openStudio(page);
  const rows = 210_000;
  const lines = ['x,label'];
  for (let i = 0; i < rows; i++) lines.push(`${(i * 7919) % 100003},${i % 3 === 0 ? 'a' : 'b'}`);
  await page.getByLabel('Choose CSV file').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await answerTarget(page);
  const profile = region(page, 'Profile');
  await profile.getByRole('button', { name: 'Compute profile' }).click();
  await expect(profile.getByText(/210,000 rows, 2 columns, profiled in \d+ ms/)).toBeVisible({ timeout: 60_000 });
  await profile.getByLabel('Column to describe').selectOption('x');
  await expect(profile.getByRole('article', { name: 'Column x' }).getByTestId('inferred-type')).toHaveText('integer');
});

test('charts out of view wait to be drawn until they are scrolled to', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  const heatmap = region(page, 'Profile').getByRole('img', { name: 'Correlation heatmap of the numeric columns' });
  await expect(heatmap).toBeAttached();
  await page.evaluate(() => window.scrollTo(0, 0));
  // Far below the window (more than the 200 px drawn ahead), so not drawn: Plotly's work waits.
  const top = await heatmap.evaluate((e) => e.getBoundingClientRect().top - window.innerHeight);
  expect(top).toBeGreaterThan(200);
  await expect(region(page, 'Profile').getByRole('img', { name: 'Distribution of the target species' })).toBeAttached();
  await page.waitForTimeout(1000);
  await expect(heatmap.locator('svg')).toHaveCount(0);
  await expectChart(heatmap);
});
