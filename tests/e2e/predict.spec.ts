import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import {
  dropFiles,
  expectDataset,
  GENTOO_ROW,
  typeRow,
  predictButton,
  predictionsText,
  region,
  sampleText,
  savedModels,
  expect,
  test,
  trainAndSavePenguins,
  view,
} from './helpers';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CLASSES = ['Adelie', 'Chinstrap', 'Gentoo'];

type Row = Record<string, string>;

function parseCsv(text: string): { fields: string[]; rows: Row[] } {
  const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { fields: parsed.meta.fields ?? [], rows: parsed.data };
}

/** penguins.csv without some columns, with `change` applied to each row. */
function penguinsVariant(drop: string[], change: (row: Row, i: number) => void = () => undefined): string {
  const { fields, rows } = parseCsv(sampleText('penguins.csv'));
  const kept = fields.filter((f) => !drop.includes(f));
  rows.forEach(change);
  return Papa.unparse({ fields: kept, data: rows.map((r) => kept.map((f) => r[f])) }, { newline: '\n' }) + '\n';
}

async function downloadPredictions(page: Page, path: string): Promise<string> {
  const downloading = page.waitForEvent('download');
  await region(page, 'Predict').getByRole('link', { name: 'Download predictions' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-predictions\.csv$/);
  await download.saveAs(path);
  return readFileSync(path, 'utf8');
}

test('predict: a missing column is refused, an unseen category is reported and accepted, the CSV holds the predictions', async ({
  page,
}, testInfo) => {
  await trainAndSavePenguins(page);
  const predict = region(page, 'Predict');

  // A file without a column the model reads: the check names it and scoring is refused.
  await predict.getByLabel('Choose CSV to score').setInputFiles({
    name: 'penguins-no-bill.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(penguinsVariant(['species', 'bill_length_mm'])),
  });
  const refusal = predict.getByRole('alert').filter({ hasText: 'Scoring refused' });
  await expect(refusal).toContainText('bill_length_mm');
  await expect(predict.getByRole('radio', { name: /^File to score: penguins-no-bill\.csv/ })).toBeChecked();
  await expect(predictButton(page)).toBeDisabled();
  await expect(page.getByRole('table', { name: 'Predictions' })).toHaveCount(0);

  // A file dropped on the Predict panel with a category never seen in training: reported, then accepted.
  const atlantis = penguinsVariant(['species'], (row, i) => {
    if (i < 5) row.island = 'Atlantis';
  });
  await dropFiles(page, [{ name: 'penguins-atlantis.csv', type: 'text/csv', text: atlantis }], {
    selector: 'section[aria-labelledby="predict-heading"]',
  });
  await expect(predict.getByRole('radio', { name: /^File to score: penguins-atlantis\.csv/ })).toBeChecked();
  const unseen = predict.getByRole('table', { name: 'Unseen categories' });
  await expect(unseen.getByRole('row', { name: /^island/ })).toContainText('Atlantis');
  await expect(unseen.getByRole('row', { name: /^island/ })).toContainText('5');
  await expect(predict.getByRole('list', { name: 'Warnings' })).toContainText('Atlantis');
  await expect(refusal).toHaveCount(0);
  // Dropping on the Predict panel did not replace the training dataset.
  await expectDataset(page, 344, 8);
  await expect(region(page, 'Data')).toContainText('penguins.csv');
  await expect(region(page, 'Data')).not.toContainText('penguins-atlantis.csv');
  await view(page, 'Predict');

  await expect(predictButton(page)).toHaveText('Predict anyway');
  await predictButton(page).click();
  await predictionsText(page);
  await expect(predict).toContainText('344 rows scored');
  await expect(predict.getByTestId('predict-speed')).toContainText(/[\d,.]+ rows\/s/);
  await expect(predict.getByTestId('predict-speed')).toContainText(/[\d.e+-]+ ms\/row/);

  const csv = parseCsv(await downloadPredictions(page, testInfo.outputPath('atlantis-predictions.csv')));
  expect(csv.rows).toHaveLength(344);
  const probabilityColumns = CLASSES.map((c) => `proba_${c}`);
  expect(csv.fields).toEqual(['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex', 'year', 'predicted_species', ...probabilityColumns]);
  const truth = parseCsv(sampleText('penguins.csv')).rows;
  let correct = 0;
  csv.rows.forEach((row, i) => {
    const p = probabilityColumns.map((c) => Number(row[c]));
    for (const x of p) expect(x).toBeGreaterThanOrEqual(0);
    expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
    expect(row.predicted_species).toBe(CLASSES[p.indexOf(Math.max(...p))]);
    if (i >= 5 && row.predicted_species === truth[i].species) correct++;
  });
  expect(correct / 339).toBeGreaterThan(0.9);
  expect(csv.rows[0].island).toBe('Atlantis');

  // One row, predicted as it is typed.
  await predict.getByText('Predict one row').click();
  const answer = predict.getByTestId('one-row-prediction');
  const field = (name: string) => predict.getByLabel(name, { exact: true });
  await typeRow(page, GENTOO_ROW);
  await expect(answer).toContainText(/predicted_species\s*Gentoo/);
  await expect(predict.getByTestId('one-row-latency')).toHaveText(/^Predicted in \d+\.\d\d ms$/);
  await field('island').selectOption('Torgersen');
  await field('bill_length_mm').fill('39');
  await field('bill_depth_mm').fill('18.7');
  await field('flipper_length_mm').fill('181');
  await field('body_mass_g').fill('3750');
  await expect(answer.getByText('predicted_species')).toBeVisible();
  await expect(answer).toContainText(/predicted_species\s*Adelie/);
  await expect(answer.getByRole('list', { name: 'Class probabilities' }).getByRole('listitem')).toHaveCount(3);

  // A large file scores in chunks with a progress bar, and Cancel stops it.
  const body = penguinsVariant(['species']).split('\n').slice(1).filter(Boolean);
  const big = [penguinsVariant(['species']).split('\n')[0], ...Array.from({ length: 1200 }, () => body).flat()].join('\n') + '\n';
  await predict.getByLabel('Choose CSV to score').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
  await expect(predict.getByRole('radio', { name: /^File to score: big\.csv \(412,800 rows\)/ })).toBeChecked({ timeout: 60_000 });
  await expect(predictButton(page)).toBeEnabled({ timeout: 60_000 });
  await predictButton(page).click();
  await expect(predict.getByRole('progressbar', { name: 'Scoring progress' })).toBeVisible();
  await predict.getByRole('button', { name: 'Cancel scoring' }).click();
  await expect(predict).toContainText('Scoring cancelled.');
  await expect(predict.getByRole('progressbar', { name: 'Scoring progress' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Predictions' })).toHaveCount(0);
  await expect(predict.getByRole('alert')).toHaveCount(0);

  // The report, the chart and the one-row form fit a phone's width (tables scroll inside themselves).
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test('the browser and the CLI give the same predictions for the same model file and CSV', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await trainAndSavePenguins(page);

  // Score a CSV file with the saved model, in the browser.
  const dataPath = testInfo.outputPath('penguins-to-score.csv');
  writeFileSync(dataPath, penguinsVariant(['species']));
  await region(page, 'Predict').getByLabel('Choose CSV to score').setInputFiles(dataPath);
  await expect(predictButton(page)).toBeEnabled();
  await predictButton(page).click();
  await predictionsText(page);
  const browser = parseCsv(await downloadPredictions(page, testInfo.outputPath('browser-predictions.csv')));

  // The model file.
  await view(page, 'Models');
  const downloading = page.waitForEvent('download');
  await savedModels(page).getByRole('button', { name: 'Export', exact: true }).click();
  const modelPath = testInfo.outputPath('penguins.pstudio');
  await (await downloading).saveAs(modelPath);

  // The same file and model through the CLI.
  const outPath = testInfo.outputPath('cli-predictions.csv');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'predict', modelPath, '--data', dataPath, '--out', outPath, '--json'],
    { cwd: repoRoot, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout) as { rows: number; columns: string[] };
  expect(report.rows).toBe(344);
  const cli = parseCsv(readFileSync(outPath, 'utf8'));

  expect(cli.fields).toEqual(browser.fields);
  expect(cli.rows).toHaveLength(browser.rows.length);
  expect(report.columns).toEqual(['predicted_species', ...CLASSES.map((c) => `proba_${c}`)]);
  for (const column of cli.fields) {
    const numeric = column.startsWith('proba_') || browser.rows.every((r) => r[column] === '' || Number.isFinite(Number(r[column])));
    browser.rows.forEach((row, i) => {
      const a = row[column];
      const b = cli.rows[i][column];
      if (numeric && a !== '' && b !== '') expect(Math.abs(Number(a) - Number(b)), `${column} row ${i + 1}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-5);
      else expect(a, `${column} row ${i + 1}`).toBe(b);
    });
  }
});
