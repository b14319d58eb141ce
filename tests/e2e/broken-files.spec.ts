import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectDataset, loadSample, openStudio, region, expect, test } from './helpers';

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

test('an invalid model file is refused and nothing is stored', async ({ page }) => {
  await openStudio(page);
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

  const toggle = page.getByRole('button', { name: 'Dark theme' });
  const wasDark = (await toggle.getAttribute('aria-pressed')) === 'true';
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', String(!wasDark));
  await expect(page.locator('html')).toHaveAttribute('data-theme', wasDark ? 'light' : 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', wasDark ? 'light' : 'dark');
});
