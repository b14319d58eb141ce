/**
 * A file as real files come (an id, dates written "Jan 15, 2023", a 550-category name, a constant,
 * long prose, income in the millions, stray text, gaps): the page asks what to predict, shows each
 * column's role with its reason, lets the person change a role, and the pipeline follows and runs.
 */
import { nastyCsv } from '../unit/fixtures/nasty-table';
import { node } from './canvas';
import { answerTarget, dropFiles, expect, metric, openStudio, region, runAndWait, test } from './helpers';

const games = () => [{ name: 'games.csv', type: 'text/csv', text: nastyCsv({ task: 'classification' }) }];

test('a new file asks what to predict: the suggestion pre-selected, each column with its task; the answer sets the target', async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, games());
  const dialog = page.getByRole('dialog', { name: 'What do you want to predict?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Suggested: target (a column named like a label).');
  await expect(dialog.getByRole('radio', { name: 'target', exact: true })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'target', exact: true })).toBeFocused();
  await expect(dialog.getByRole('status')).toHaveText('Task: classification of 3 classes');
  // Dates and free text cannot be predicted; the others say what predicting them would be.
  await expect(dialog.getByRole('radio', { name: 'release_date', exact: true })).toBeDisabled();
  await expect(dialog.getByRole('radio', { name: 'constant', exact: true })).toHaveAccessibleDescription('cannot be predicted: one value only');
  await expect(dialog.getByRole('radio', { name: 'colour', exact: true })).toHaveAccessibleDescription('classification of 5 classes');
  await dialog.getByRole('radio', { name: 'income', exact: true }).check();
  await expect(dialog.getByRole('status')).toHaveText('Task: regression (a number)');

  // The page behind is out of reach: Tab goes round the dialog's controls.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await dialog.getByRole('button', { name: 'Predict income' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Target column')).toHaveValue('income');
  await expect(region(page, 'Pipeline')).toContainText('Regression of income');

  // Asked again from the Data panel; Escape closes it and keeps the target.
  await region(page, 'Data').getByRole('button', { name: 'What to predict…' }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'income', exact: true })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Target column')).toHaveValue('income');
});

test("each column's role, with its reason; a role changed by the person changes the pipeline, which runs, and stays after a reload", async ({ page }) => {
  await openStudio(page);
  await dropFiles(page, games());
  await answerTarget(page);
  const columns = page.getByRole('table', { name: 'Columns' });
  const role = (name: string) => columns.getByRole('combobox', { name: `Role of ${name}` });

  await expect(role('id')).toHaveValue('identifier');
  await expect(role('release_date')).toHaveValue('date');
  await expect(role('release_date')).toHaveAccessibleDescription('every value read as dates written like Jan 15, 2023');
  await expect(role('name')).toHaveValue('high_cardinality');
  await expect(role('constant')).toHaveValue('constant');
  await expect(role('review')).toHaveValue('ignore');
  await expect(role('tags')).toHaveValue('text');
  await expect(role('score')).toHaveValue('numeric');
  await expect(role('colour')).toHaveValue('category');
  await expect(columns.getByRole('row', { name: /^target/ })).toContainText('predicted');

  // The pipeline built from them: left-out columns dropped, the stray text read as numbers, dates in parts, text in terms, many categories target-encoded.
  await expect(node(page, 'drop_columns')).toContainText('id, constant, review');
  for (const id of ['cast_1', 'date_parts', 'text_vectorize', 'impute', 'target_encode', 'standardize', 'one_hot']) await expect(node(page, id)).toBeVisible();

  await role('colour').selectOption('ignore');
  await expect(role('colour')).toHaveAccessibleDescription(/^chosen by you \(inferred: category, /);
  await expect(node(page, 'drop_columns')).toContainText('id, constant, review, colour');

  await runAndWait(page);
  expect(await metric(page, 'Accuracy')).toBeGreaterThan(0.6);

  await page.reload();
  await expect(role('colour')).toHaveValue('ignore');
  await expect(node(page, 'drop_columns')).toContainText('id, constant, review, colour');
});
