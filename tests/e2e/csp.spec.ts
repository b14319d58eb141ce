import type { Page } from '@playwright/test';
import { expect, expectChart, GENTOO_ROW, loadSample, openStudio, recordConsoleProblems, region, runAndWait, savedModels, test, typeRow, view } from './helpers';

/** A policy's directives by name, each with its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** Every securitypolicyviolation the page sees, from before its first script runs. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

test('the server sends a strict Content-Security-Policy, and the built page carries it as its first meta tag', async ({ page }) => {
  const response = await page.goto('/');
  const headers = response!.headers();
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');

  const header = headers['content-security-policy'];
  expect(header).toBeDefined();
  const policy = directives(header);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('connect-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  // Scripts only from the app (and the blob: URLs tfjs's WASM threads start from); WASM may compile, eval may not.
  expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", 'blob:']);
  expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);

  // Static hosts get the same policy from the page itself, less frame-ancestors (ignored in a meta tag).
  const meta = await page.evaluate(() => {
    const first = document.head.firstElementChild;
    return first?.getAttribute('http-equiv') === 'Content-Security-Policy' ? first.getAttribute('content') : null;
  });
  expect(meta).not.toBeNull();
  const metaPolicy = directives(meta!);
  expect(metaPolicy.has('frame-ancestors')).toBe(false);
  expect(new Map([...metaPolicy, ['frame-ancestors', ["'none'"]]])).toEqual(policy);

  // No inline script to allow: every script the page has is a file.
  expect(await page.evaluate(() => [...document.scripts].filter((s) => !s.src).map((s) => s.outerHTML))).toEqual([]);
});

test('the golden path under the policy: no violation, no console warning, WASM threads and Plotly at work', async ({ page }, testInfo) => {
  const violations = await recordViolations(page);
  const problems = recordConsoleProblems(page);
  await openStudio(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await loadSample(page, 'penguins', 344, 8);
  const profile = region(page, 'Profile');
  await expectChart(profile.getByRole('img', { name: 'Distribution of the target species' }));

  // A network on the WASM backend: its threads start from blob: URLs and compile WebAssembly.
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  await runAndWait(page);
  await expect(page.getByTestId('backend-used')).toHaveText('WebAssembly');
  await expectChart(region(page, 'Results').getByRole('img', { name: 'Confusion matrix' }));

  await page.getByRole('button', { name: 'Save model' }).click();
  await view(page, 'Models');
  await expect(savedModels(page).getByRole('listitem')).toHaveCount(1);

  const predict = await view(page, 'Predict');
  await predict.getByText('Predict one row').click();
  await typeRow(page, GENTOO_ROW);
  await expect(predict.getByTestId('one-row-prediction')).toContainText(/predicted_species\s*Gentoo/);

  await view(page, 'Models');
  const downloading = page.waitForEvent('download');
  await savedModels(page).getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  await download.saveAs(testInfo.outputPath(download.suggestedFilename()));
  expect(download.suggestedFilename()).toMatch(/\.pstudio$/);

  expect(await violations()).toEqual([]);
  expect(problems).toEqual([]);
});
