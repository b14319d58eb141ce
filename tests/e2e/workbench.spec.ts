/**
 * The workbench itself: the canvas fills the window between the palette and the inspector, the
 * drawer shows one view at a time (tabs, keys 1–8), resizes from the keyboard and hides; on a phone
 * the pipeline is a list of its nodes (no canvas) and tapping one shows its view.
 */
import { canvas } from './canvas';
import { expect, loadSample, openStudio, region, runAndWait, test, viewTab } from './helpers';

test('the canvas fills the window; the drawer shows one view, follows the keys 1–8, resizes and hides', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  const frame = canvas(page);
  await expect(frame).toBeVisible();
  const palette = region(page, 'Pipeline').getByRole('navigation', { name: 'Step palette' });
  const inspector = region(page, 'Pipeline').getByRole('heading', { name: 'Inspector' });
  const [paletteBox, canvasBox, inspectorBox] = [await palette.boundingBox(), await frame.boundingBox(), await inspector.boundingBox()];
  // Palette left of the canvas, inspector right of it, the canvas the widest of the three.
  expect(paletteBox && canvasBox && inspectorBox).toBeTruthy();
  expect(paletteBox!.x + paletteBox!.width).toBeLessThanOrEqual(canvasBox!.x);
  expect(canvasBox!.x + canvasBox!.width).toBeLessThanOrEqual(inspectorBox!.x);
  expect(canvasBox!.width).toBeGreaterThan(600);
  // The page does not scroll: the workbench is the window.
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

  // One view at a time; the keys 1–8 pick them (not while typing).
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();
  await page.keyboard.press('5');
  await expect(viewTab(page, 'Models')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Models', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeHidden();
  await palette.getByRole('searchbox', { name: 'Search steps' }).fill('3');
  await expect(viewTab(page, 'Models')).toHaveAttribute('aria-selected', 'true');
  await palette.getByRole('searchbox', { name: 'Search steps' }).fill('');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('1');
  await expect(viewTab(page, 'Data')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();

  // The drawer's edge resizes it from the keyboard; the canvas takes what it gives up.
  const handle = page.getByRole('separator', { name: 'Resize the drawer' });
  const before = Number(await handle.getAttribute('aria-valuenow'));
  const tall = (await frame.boundingBox())!.height;
  await handle.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(handle).toHaveAttribute('aria-valuenow', String(before - 10));
  await expect.poll(async () => (await frame.boundingBox())!.height).toBeGreaterThan(tall + 40);

  // Hidden, the canvas has the window; a view's tab brings the drawer back.
  await page.getByRole('button', { name: 'Hide the drawer' }).click();
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeHidden();
  await expect.poll(async () => (await frame.boundingBox())!.height).toBeGreaterThan(tall + 150);
  await viewTab(page, 'Runs').click();
  await expect(page.getByRole('heading', { name: 'Runs', exact: true })).toBeVisible();
});

test('on a phone the pipeline is a list of its nodes, without the canvas; tapping one shows its view', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openStudio(page);
  await loadSample(page, 'penguins', 344, 8);
  const list = region(page, 'Pipeline').getByRole('list', { name: 'Pipeline steps' });
  await expect(list.getByRole('button')).toHaveCount(7);
  await expect(canvas(page)).toHaveCount(0);
  // Each node says its state; after a run, the model its accuracy.
  await expect(list.getByRole('button', { name: /^Logistic regression/ }).getByTestId('node-state')).toHaveText('Not run');
  await runAndWait(page);
  await expect(list.getByRole('button', { name: /^Logistic regression/ }).getByTestId('node-state')).toHaveText(/^Ran · accuracy \d\.\d{3}$/);

  // The view comes up at its top: the first heading in the viewport.
  await list.getByRole('button', { name: /^Dataset/ }).click();
  await expect(viewTab(page, 'Data')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Data', exact: true })).toBeInViewport();
  await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();
  await list.getByRole('button', { name: /^Standardise/ }).click();
  await expect(page.getByRole('heading', { name: 'Standardise (standardize)' })).toBeInViewport();
  await list.getByRole('button', { name: /^Evaluate/ }).click();
  await expect(page.getByRole('heading', { name: 'Train', exact: true })).toBeInViewport();
  await expect(page.getByRole('table', { name: 'Metrics' })).toBeVisible();
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
