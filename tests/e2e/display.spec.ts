import { answerTarget, expect, expectChart, openStudio, recordConsoleProblems, region, test } from './helpers';

const CITIES = ['Llanfairpwllgwyngyll-gogerychwyrndrobwll', 'Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson', 'Oslo', 'Bad Neuenahr-Ahrweiler Kreisstadt', 'Rome'];

/** 60 rows: long category names, dates without a time (1990-01-01 … 1990-01-28), date-times, a label. */
function placesCsv(): string {
  const lines = ['city,day,checked_at,rating,label'];
  for (let i = 0; i < 60; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`${CITIES[i % CITIES.length]},1990-01-${day},2024-03-${day} 08:30,${i % 5},${i % 2 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

test('dates read as dates, long category names fit the profile chart, and neither loading nor key presses log a warning', async ({ page }) => {
  const problems = recordConsoleProblems(page);
  await openStudio(page);
  await page.getByLabel('Choose CSV file').setInputFiles({ name: 'places.csv', mimeType: 'text/csv', buffer: Buffer.from(placesCsv()) });
  await answerTarget(page, 'label');

  // The preview shows a date as the file wrote it, a date-time to the minute (in UTC, as it was read).
  const first = page.getByRole('table', { name: 'Data preview' }).locator('tbody tr').first().getByRole('cell');
  await expect(first.nth(2)).toHaveText('1990-01-01');
  await expect(first.nth(3)).toHaveText('2024-03-01 08:30 UTC');

  const profile = region(page, 'Profile');
  const stat = (column: string, name: string) =>
    profile.getByRole('article', { name: `Column ${column}` }).locator('div').filter({ has: page.getByRole('term').getByText(name, { exact: true }) }).getByRole('definition');
  await profile.getByLabel('Column to describe').selectOption('day');
  await expect(stat('day', 'Min')).toHaveText('1990-01-01');
  await expect(stat('day', 'Max')).toHaveText('1990-01-28');

  // Long names are cut on the axis, inside the chart, which keeps most of its height for the bars.
  await profile.getByLabel('Column to describe').selectOption('city');
  const chart = profile.getByRole('img', { name: 'Distribution of city' });
  await expectChart(chart);
  const ticks = chart.locator('.xtick text');
  await expect(ticks).toHaveCount(CITIES.length);
  const labels = await ticks.allTextContents();
  expect(labels).toContain('Oslo');
  expect(labels).toContain('Llanfairpwllgwy…');
  for (const label of labels) expect(label.length).toBeLessThanOrEqual(16);
  const box = (await chart.boundingBox())!;
  for (const tick of await ticks.all()) {
    const t = (await tick.boundingBox())!;
    expect(t.x).toBeGreaterThanOrEqual(box.x);
    expect(t.x + t.width).toBeLessThanOrEqual(box.x + box.width);
    expect(t.y + t.height).toBeLessThanOrEqual(box.y + box.height);
  }
  const plotArea = (await chart.locator('.nsewdrag').boundingBox())!;
  expect(plotArea.height).toBeGreaterThan(box.height / 2);
  // The bar's hover gives the whole name.
  const bar = chart.locator('.point').nth(labels.indexOf('Llanfairpwllgwy…'));
  await bar.hover({ force: true }); // Plotly's drag layer above the bars takes the pointer, and hovers for them.
  await expect(chart.locator('.hovertext')).toContainText(CITIES[0]);

  // Key presses with the pipeline canvas on the page (Svelte Flow's shortcuts listen on the window).
  await expect(region(page, 'Pipeline').locator('.svelte-flow__node').first()).toBeVisible();
  for (const key of ['Shift', 'Control', 'Escape', 'a']) await page.keyboard.press(key);
  expect(problems).toEqual([]);
});

test('the theme button says what pressing it does', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openStudio(page);
  const toggle = page.getByRole('button', { name: /^Switch to (light|dark) theme$/ });
  await expect(toggle).toHaveAccessibleName('Switch to light theme');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveAccessibleName('Switch to dark theme');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAccessibleName('Switch to light theme');
});
