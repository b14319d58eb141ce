/**
 * The README's screenshots, taken from the real app: `npm run screenshots` builds it, serves it with
 * `vite preview`, drives Debian's Chromium through the golden path with a sample, and writes PNGs
 * beside this script. Run it again after a change to the layout; the README links the files.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const PORT = 4299;
/** A build of its own, so that a test run serving dist/ is left alone. */
const OUT_DIR = 'dist-screenshots';

async function shoot(page: Page, file: string, fullPage = false): Promise<void> {
  // Charts and the canvas settle after their data arrives.
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `${here}${file}`, fullPage });
  console.log(`wrote tests/screenshots/${file}`);
}

async function main(): Promise<void> {
  execFileSync('npx', ['vite', 'build', '--outDir', OUT_DIR, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const server = await preview({ root, build: { outDir: OUT_DIR }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.getByRole('button', { name: 'Load sample penguins' }).click();
    await page.getByRole('table', { name: 'Data preview' }).waitFor();
    await page.getByRole('img', { name: 'Distribution of the target species' }).scrollIntoViewIfNeeded();
    await shoot(page, 'workbench-data.png');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('table', { name: 'Metrics' }).waitFor({ timeout: 120_000 });
    await shoot(page, 'workbench-results.png');

    await page.getByRole('list', { name: 'Pipeline steps' }).getByRole('button', { name: 'One-hot encode' }).click();
    await page.getByRole('list', { name: 'Columns out' }).waitFor();
    await page.getByRole('button', { name: /theme/ }).click();
    await shoot(page, 'workbench-step-dark.png');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: /theme/ }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'phone.png');
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

await main();
