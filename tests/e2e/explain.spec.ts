/**
 * Explanations in the page: the Results panel's "Why" (permutation importance with error bars per
 * column and per encoded feature, partial dependence with ICE lines), the waterfall of Predict one
 * row, contributions appended to scored rows, and the section readable on a phone.
 */
import { expect, expectChart, GENTOO_ROW, loadSample, openStudio, predictButton, predictionsText, region, runAndWait, savedModels, test, typeRow, view } from './helpers';

test('explain: importance and partial dependence in Results, a waterfall for one row, contributions for every row', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await runAndWait(page);

  const results = region(page, 'Results');
  await expect(results.getByRole('heading', { name: 'Why: what the model relies on' })).toBeVisible();
  const byColumn = results.getByRole('img', { name: 'Permutation importance by column' });
  await expectChart(byColumn);
  // One bar per input column (species is the target).
  await expect(byColumn.locator('.barlayer .point')).toHaveCount(7);
  await expect(results.locator('p').filter({ hasText: 'How much the test accuracy' })).toHaveText(/^How much the test accuracy \(\d\.\d{4}\) drops when a column is shuffled among 69 test rows: mean ± standard deviation over 5 shuffles\.$/);
  await results.getByRole('radio', { name: 'Encoded features' }).check();
  const byFeature = results.getByRole('img', { name: 'Permutation importance by encoded feature' });
  await expectChart(byFeature);
  // island and sex one-hot encoded: more features than columns.
  await expect.poll(() => byFeature.locator('.barlayer .point').count()).toBeGreaterThan(7);

  await results.getByLabel('Partial dependence of').selectOption('flipper_length_mm');
  const pd = results.getByRole('img', { name: 'Partial dependence of the prediction on flipper_length_mm' });
  await expectChart(pd);
  // 30 ICE lines and the mean.
  await expect(pd.locator('.scatterlayer .trace')).toHaveCount(31);
  await results.getByLabel('for', { exact: true }).selectOption({ label: 'Gentoo' });
  await expect(results.locator('p').filter({ hasText: 'as flipper_length_mm is set' })).toContainText(/The probability of Gentoo as flipper_length_mm is set to each value for 344 rows/);

  // Save, then explain one row typed by hand.
  await results.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);
  const predict = await view(page, 'Predict');
  await predict.getByText('Predict one row').click();
  await typeRow(page, GENTOO_ROW);
  await expect(predict.getByTestId('one-row-prediction')).toContainText(/predicted_species\s*Gentoo/);
  await predict.getByRole('button', { name: 'Explain this prediction' }).click();
  const waterfall = predict.getByTestId('waterfall');
  await expect(waterfall).toContainText("Why Gentoo: each column's contribution to the raw score of Gentoo (before the softmax)");
  await expect(waterfall).toContainText('exact: coefficient × (value − reference mean)');
  // The base, one bar per column, the total.
  await expectChart(waterfall.getByRole('img', { name: /^Contributions to the raw score of Gentoo/ }));
  await expect(waterfall.getByRole('img', { name: /^Contributions to the raw score of Gentoo/ }).locator('.waterfalllayer .point')).toHaveCount(9);
  // Typing again explains the new row.
  await typeRow(page, { island: 'Dream', flipper_length_mm: '185', bill_depth_mm: '18.5', bill_length_mm: '49' });
  await expect(predict.getByTestId('one-row-prediction')).toContainText(/predicted_species\s*Chinstrap/);
  await expect(waterfall).toContainText('Why Chinstrap');

  // Every scored row with its contributions.
  await predict.getByRole('checkbox', { name: /Add each column's contribution/ }).check();
  await predict.getByRole('radio', { name: /^Loaded dataset/ }).check();
  await predictButton(page).click();
  const header = (await predictionsText(page)).split('\n')[0];
  expect(header).toContain('contrib_flipper_length_mm');
  expect(header).toContain('contribution_base');
  expect(header).toContain('contribution_of');

  // On a phone, the explanation fits the screen's width.
  await page.setViewportSize({ width: 390, height: 844 });
  await view(page, 'Results');
  const why = results.getByRole('region', { name: 'Why: what the model relies on' });
  await why.scrollIntoViewIfNeeded();
  await expect.poll(() => why.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
  await expect(results.getByRole('img', { name: 'Permutation importance by encoded feature' })).toBeVisible();
});
