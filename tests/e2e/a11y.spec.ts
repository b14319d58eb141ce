/**
 * Keyboard and screen-reader checks: axe on every view with data loaded (light and dark), the skip
 * links, the number of Tab presses from page load to Run, the keyboard shortcut sheet, and nodes
 * on the canvas that can be read.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SHORTCUTS } from '../../src/app/shortcuts';
import { canvas, node, settle } from './canvas';
import { expectDataset, loadSample, metric, openStudio, predictLoaded, region, runAndWait, savedModels, view, viewTab, expect, test } from './helpers';

const VIEWS = ['Data', 'Step', 'Results', 'Runs', 'Models', 'Versions', 'AutoML', 'Predict'];

/** axe on each of the drawer's views in turn; `label` says at which point of the test. */
async function everyView(page: Page, label: string): Promise<void> {
  for (const name of VIEWS) {
    await viewTab(page, name).click();
    await expect(viewTab(page, name)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel').getByRole('heading').first()).toBeVisible();
    expect(await violations(page), `${label}: ${name} view`).toEqual([]);
  }
}

/** axe's violations on the page as it stands, one line each (rule, impact, the elements). */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** What the focused element is called: its label, else its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim().replace(/\s+/g, ' ');
  });
}

/** Press Tab until the focused element is called `name`; returns how many presses it took. */
async function tabTo(page: Page, name: string, limit: number): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)) === name) return presses;
  }
  throw new Error(`"${name}" not reached in ${limit} Tab presses (focus on "${await focusedName(page)}")`);
}

test('axe finds nothing on any view with data loaded, in the light theme and the dark', async ({ page }) => {
  await openStudio(page);
  expect(await violations(page), 'empty page').toEqual([]);

  await loadSample(page, 'penguins', 344, 8);
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();
  expect(await violations(page), 'sample loaded').toEqual([]);
  await everyView(page, 'sample loaded');

  await runAndWait(page);
  await expect((await view(page, 'Runs')).getByRole('table')).toBeVisible();
  await view(page, 'Results');
  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem').first()).toBeVisible();
  // A step selected: the Step view shows its columns and its last run.
  await region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' }).getByRole('button', { name: 'One-hot encode' }).click();
  await expect(page.getByRole('list', { name: 'Columns out' })).toBeVisible();
  await everyView(page, 'after a run, a model saved');

  await predictLoaded(page);
  expect(await violations(page), 'predict').toEqual([]);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await violations(page), 'shortcut sheet').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /theme/i }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await everyView(page, 'dark theme');

  // The phone's layout: the pipeline as a list, the views below it.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' }).getByRole('button').first()).toBeVisible();
  expect(await violations(page), 'phone, dark theme').toEqual([]);
});

test('the skip links come first, and Run is at most 10 Tab presses from page load', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  // Page load with the sample loaded: the reload reads the last dataset back, and the focus starts at the top.
  await page.reload();
  await expectDataset(page, 344, 8);

  await page.keyboard.press('Tab');
  const first = page.locator(':focus');
  await expect(first).toHaveRole('link');
  await expect(first).toHaveAccessibleName('Skip to pipeline');
  await expect(first).toBeInViewport();

  // "Skip to Run" puts the focus on Run itself.
  const toSkip = 1 + (await tabTo(page, 'Skip to Run', 5));
  await page.keyboard.press('Enter');
  const focused = page.locator(':focus');
  await expect(focused).toHaveRole('button');
  await expect(focused).toHaveAccessibleName('Run');
  await expect(focused).toBeEnabled();
  console.log(`Tab presses from page load to Run: ${toSkip} to "Skip to Run", then Enter`);
  expect(toSkip).toBeLessThanOrEqual(10);
  // Without the skip links, Run is still near: it is in the top bar, after the dataset and the backend.
  await page.locator('body').focus();
  await page.reload();
  await expectDataset(page, 344, 8);
  const direct = await tabTo(page, 'Run', 10);
  console.log(`Tab presses from page load to Run without the skip links: ${direct}`);
  expect(direct).toBeLessThanOrEqual(10);

  // Enter on Run runs.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Metrics' })).toBeVisible({ timeout: 120_000 });

  // "Skip to pipeline" puts the focus on the pipeline: the next Tab is the pipeline's first control.
  await page.reload();
  await expectDataset(page, 344, 8);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator(':focus')).toHaveText('Pipeline');
  await page.keyboard.press('Tab');
  await expect(region(page, 'Pipeline').locator(':focus')).toHaveAccessibleName('Save pipeline');
});

test('? opens a sheet of every keyboard shortcut; Escape closes it and the focus goes back', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.focus();

  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  for (const s of SHORTCUTS) await expect(sheet.getByRole('table', { name: s.where }).getByRole('row').filter({ hasText: s.label })).toHaveCount(1);
  await expect(sheet.getByRole('row')).toHaveCount(SHORTCUTS.length);
  // Keys as the keyboard has them: Ctrl (⌘ on a Mac) and the letter.
  await expect(sheet.getByRole('row', { name: /Redo/ })).toContainText(/(Ctrl|⌘)\+Shift\+Z or (Ctrl|⌘)\+Y/);

  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(run).toBeFocused();

  // Typed into a field, `?` is text.
  await page.getByRole('button', { name: 'Paste CSV' }).click();
  const paste = page.getByRole('dialog', { name: /Paste/ });
  const box = paste.getByRole('textbox').first();
  await box.fill('');
  await box.press('?');
  await expect(box).toHaveValue('?');
  await expect(sheet).toBeHidden();
  await page.keyboard.press('Escape');

  // A button opens it too, for those who do not know `?`: shown when the Tab order reaches it, after the skip links.
  const opener = page.getByRole('button', { name: 'Keyboard shortcuts (?)' });
  await opener.focus();
  await expect(opener).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();
});

test('nodes read at the default view (text at 12 px or more on screen) and show their state and key figure', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  await settle(page);
  const nodes = canvas(page).locator('.svelte-flow__node');
  await expect(nodes).toHaveCount(7);

  // The size text is drawn at: its computed font size times the canvas' zoom (the viewport's scale).
  const smallest = await canvas(page).evaluate((el) => {
    const viewport = el.querySelector<HTMLElement>('.svelte-flow__viewport') as HTMLElement;
    const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    const texts = [...el.querySelectorAll<HTMLElement>('.svelte-flow__node *')].filter((t) => [...t.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim()));
    return { zoom, count: texts.length, px: Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * zoom)) };
  });
  expect(smallest.count).toBeGreaterThan(20);
  expect(smallest.zoom).toBeGreaterThanOrEqual(1);
  expect(smallest.px).toBeGreaterThanOrEqual(12);
  // The pipeline's first node is inside the canvas' frame, whole.
  const [frame, first] = [await canvas(page).boundingBox(), await node(page, 'source').boundingBox()];
  expect(frame && first && first.x >= frame.x && first.y >= frame.y && first.x + first.width <= frame.x + frame.width && first.y + first.height <= frame.y + frame.height).toBe(true);

  for (const id of ['source', 'impute', 'model', 'evaluate']) await expect(node(page, id).getByTestId('node-state')).toHaveText('Not run');

  await runAndWait(page);
  const accuracy = (await metric(page, 'Accuracy')).toFixed(3);
  await expect(node(page, 'source').getByTestId('node-state')).toHaveText(/^(Ran|From cache) · 344 rows$/);
  await expect(node(page, 'model').getByTestId('node-state')).toHaveText(new RegExp(`^(Ran|From cache) · accuracy ${accuracy}$`));
  await expect(node(page, 'evaluate').getByTestId('node-state')).toHaveText(new RegExp(`· accuracy ${accuracy}$`));
  // The split's rows out: every row with a target (penguins has none missing).
  await expect(node(page, 'split').getByTestId('node-state')).toHaveText(/^(Ran|From cache) · 344 rows$/);

  // An edit after the run: the edited node and those after it say so; the nodes before keep their figures.
  await region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' }).getByRole('button', { name: 'Train/test split' }).click();
  const fraction = region(page, 'Pipeline').getByLabel('Test fraction');
  await fraction.fill('0.25');
  await fraction.press('Tab');
  for (const id of ['split', 'model', 'evaluate']) await expect(node(page, id).getByTestId('node-state')).toHaveText('Changed since the last run');
  await expect(node(page, 'impute').getByTestId('node-state')).toHaveText(/^(Ran|From cache) · 344 rows$/);
});
