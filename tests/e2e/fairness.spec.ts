import { answerTarget, expect, expectChart, loadSample, modelItems, openStudio, region, runAndWait, test, view } from './helpers';
import type { Page } from '@playwright/test';

/** Tick a column in the Pipeline panel's sensitive-column picker. */
async function markSensitive(page: Page, column: string): Promise<void> {
  const picker = region(page, 'Pipeline').getByRole('group', { name: 'Sensitive columns' });
  await picker.getByRole('checkbox', { name: column, exact: true }).check();
  await expect(picker.getByRole('checkbox', { name: column, exact: true })).toBeChecked();
}

test('mark a sensitive column: the run reports the test rows per group, in a table and a chart per figure', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await markSensitive(page, 'sex');
  await runAndWait(page);

  const results = region(page, 'Results');
  await expect(results.getByRole('heading', { name: 'Fairness' })).toBeVisible();
  await expect(results.getByText(/test rows grouped by sex \(\d groups\)/)).toBeVisible();
  const table = results.getByRole('table', { name: 'Fairness per group' });
  await expect(table.getByRole('columnheader')).toHaveText(['Group', 'Rows', 'Accuracy', 'Selection rate', 'TPR', 'FPR', 'Precision']);
  await expect(table.getByRole('columnheader', { name: 'TPR' }).locator('abbr')).toHaveAttribute('title', 'True-positive rate');
  await expect(table.getByRole('rowheader', { name: 'female', exact: true })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'male', exact: true })).toBeVisible();
  // Each group's rows add up to the test rows the run reported.
  const counts = (await table.locator('tbody tr td:nth-of-type(1)').allInnerTexts()).map(Number);
  const summary = await results.getByText(/tested on\s+\d+\s+rows/).innerText();
  const tested = Number(summary.match(/tested on\s+(\d+)\s+rows/)?.[1]);
  expect(tested).toBeGreaterThan(0);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(tested);

  // Three species: each in turn is the selected class.
  const selected = results.getByLabel('Selected class');
  await expect(selected.locator('option')).toHaveText(['Adelie', 'Chinstrap', 'Gentoo']);
  const rateOf = async () => (await table.locator('tbody tr td:nth-of-type(3)').allInnerTexts()).join(' ');
  const adelie = await rateOf();
  await selected.selectOption('Gentoo');
  await expect.poll(rateOf).not.toBe(adelie);
  await expect(results.getByRole('list', { name: 'Disparities between groups' })).toContainText(/Demographic parity difference: \d\.\d{3}/);
  for (const figure of ['Accuracy', 'Selection rate', 'True-positive rate', 'False-positive rate', 'Precision']) {
    await expectChart(results.getByRole('img', { name: `${figure} per group`, exact: true }));
  }

  // The sensitive column is left out of the model's inputs; the run log's model input says so by omission.
  await expect(region(page, 'Pipeline').getByRole('checkbox', { name: 'Let the model read the sensitive columns' })).not.toBeChecked();

  // Readable on a phone.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(table).toBeVisible();
  await expect(results.getByRole('img', { name: 'Selection rate per group', exact: true })).toBeVisible();
});

test('a gate with a parity limit refuses promotion of a model that breaks it, with the figures; intended use and sign-off are kept', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  // Species follow islands (Gentoo live on Biscoe only): by island, selection rates are far apart.
  await markSensitive(page, 'island');
  const limit = region(page, 'Pipeline').getByLabel('Maximum demographic parity difference', { exact: true });
  await limit.fill('0.1');
  await limit.press('Tab');
  await expect(page.getByTestId('gate-summary')).toContainText('maximum demographic parity difference ≤ 0.1');
  await runAndWait(page);

  const results = region(page, 'Results');
  await expect(results).toContainText('Validation gate: failed');
  const disparities = results.getByRole('list', { name: 'Disparities between groups' });
  const line = disparities.getByRole('listitem').filter({ hasText: 'Demographic parity difference' });
  await expect(line).toContainText('gate ≤ 0.1: failed');
  const figure = (await line.locator('strong').innerText()).trim();
  expect(Number(figure)).toBeGreaterThan(0.1);

  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(modelItems(page)).toHaveCount(1);
  const item = modelItems(page).first();
  await item.getByRole('button', { name: 'Promote to production' }).click();
  const alert = region(page, 'Models').getByRole('alert');
  await expect(alert).toContainText('cannot be promoted: it failed the validation gate (demographic parity difference');
  await expect(alert).toContainText(`${Number(Number(figure).toPrecision(3))}`.slice(0, 4));
  await expect(alert).toContainText('is above 0.1');
  await expect(item.getByTestId('model-stage')).toHaveCount(0);

  // Governance: intended use, limits and a sign-off, kept with the version.
  await item.getByText('Details, lineage and notes').click();
  await item.getByRole('textbox', { name: 'Intended use' }).fill('Teaching: species from measurements.');
  await item.getByRole('textbox', { name: 'Intended use' }).blur();
  await expect(region(page, 'Models').getByRole('status').first()).toContainText('Intended use of');
  await item.getByRole('textbox', { name: 'Approved by' }).fill('Ada Lovelace');
  await item.getByRole('button', { name: 'Sign off' }).click();
  await expect(item.getByTestId('sign-off')).toContainText('Signed off by Ada Lovelace');
  await expect(item.getByTestId('model-fairness')).toContainText('By island (3 groups): demographic parity difference');
  await page.reload();
  await view(page, 'Models');
  const again = modelItems(page).first();
  await again.getByText('Details, lineage and notes').click();
  await expect(again.getByRole('textbox', { name: 'Intended use' })).toHaveValue('Teaching: species from measurements.');
  await expect(again.getByTestId('sign-off')).toContainText('Signed off by Ada Lovelace');
});

test('personal data in a file: the profile warns, and its fix hashes the column with the pipeline’s salt', async ({ page }) => {
  await openStudio(page);
  // Ten customers with four visits each: the e-mail column repeats, so it is a feature, not an identifier the
  // roles would already leave out, and the privacy fixes are offered.
  const lines = ['email,visits,bought'];
  for (let i = 0; i < 40; i++) lines.push(`user${i % 10}@example.org,${(i * 7) % 13},${i % 3 === 0 ? 'yes' : 'no'}`);
  await page.getByLabel('Choose CSV file').setInputFiles({ name: 'shop.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await answerTarget(page, 'bought');
  const warnings = region(page, 'Profile').getByRole('list', { name: 'Data-quality warnings' });
  const email = warnings.getByRole('listitem').filter({ hasText: '"email" holds e-mail addresses' });
  await expect(email).toContainText('100% of 40 sampled cells');
  await expect(email.getByRole('button', { name: 'Fix: leave out email' })).toBeVisible();
  await email.getByRole('button', { name: 'Fix: hash email (salted SHA-256)' }).click();
  await expect(email.getByRole('status')).toHaveText('Added "Hash columns" (hash_columns) after the source.');
  const steps = region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' }).getByRole('listitem');
  await expect(steps.nth(1)).toHaveText('Hash columns');
  await expect(steps.nth(1)).toHaveAttribute('title', /^columns: email, salt: [0-9a-f]{32}$/);
  await runAndWait(page);
});

test('exporting a model that holds its training rows asks first, and exports only when the person agrees', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'iris', 150, 5);
  await region(page, 'Pipeline').getByLabel('Model', { exact: true }).selectOption({ label: 'k-nearest neighbours' });
  await runAndWait(page);
  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(modelItems(page)).toHaveCount(1);
  const exportButton = modelItems(page).first().getByRole('button', { name: 'Export', exact: true });

  const messages: string[] = [];
  let downloads = 0;
  page.on('download', () => void downloads++);
  page.once('dialog', (dialog) => {
    messages.push(dialog.message());
    void dialog.dismiss();
  });
  await exportButton.click();
  await expect.poll(() => messages.length).toBe(1);
  expect(messages[0]).toMatch(/holds its training rows \(iris\.csv, preprocessed\): whoever gets the exported file gets that data\. Export it anyway\?$/);
  expect(downloads).toBe(0);

  page.once('dialog', (dialog) => void dialog.accept());
  const downloading = page.waitForEvent('download');
  await exportButton.click();
  expect((await downloading).suggestedFilename()).toMatch(/\.pstudio$/);
});
