/** Driving the pipeline canvas (@xyflow/svelte) from tests: its nodes, its view settling, wiring by mouse. */
import type { Locator, Page } from '@playwright/test';
import { region } from './helpers';

export function canvas(page: Page): Locator {
  return region(page, 'Pipeline').getByRole('application', { name: 'Pipeline canvas' });
}

export function node(page: Page, id: string): Locator {
  return canvas(page).locator(`.svelte-flow__node[data-id="${id}"]`);
}

/**
 * Wait for the canvas to finish fitting the view after a change: the viewport's transform must
 * hold still for two reads in a row (a fixed wait is too short on a busy machine).
 */
export async function settle(page: Page): Promise<void> {
  const viewport = canvas(page).locator('.svelte-flow__viewport');
  await page.waitForTimeout(300);
  let last = await viewport.getAttribute('style');
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(150);
    const now = await viewport.getAttribute('style');
    if (now === last) return;
    last = now;
  }
}

/**
 * Bring a canvas element into the view: the default view shows the pipeline at 100 % zoom from its
 * first node, so a long one runs off the right edge; "Zoom to fit" shows it all.
 */
export async function reveal(page: Page, target: Locator): Promise<void> {
  const [frame, box] = [await canvas(page).boundingBox(), await target.boundingBox()];
  if (frame && box && box.x >= frame.x && box.y >= frame.y && box.x + box.width <= frame.x + frame.width && box.y + box.height <= frame.y + frame.height) return;
  await region(page, 'Pipeline').getByRole('button', { name: 'Zoom to fit' }).click();
  await settle(page);
}

async function centre(handle: Locator): Promise<{ x: number; y: number }> {
  const box = await handle.boundingBox();
  if (!box) throw new Error('handle not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drag with the mouse from a node's output handle to an input handle (of another node). */
export async function wire(page: Page, from: string, to: Locator): Promise<void> {
  await settle(page);
  await reveal(page, node(page, from));
  await reveal(page, to);
  const a = await centre(node(page, from).locator('.svelte-flow__handle.source'));
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}
