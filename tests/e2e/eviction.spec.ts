import type { Page } from '@playwright/test';
import { answerTarget, dropFiles, expect, expectDataset, openStudio, region, runAndWait, test, view } from './helpers';
import { activeRadio, datasetCsv } from './datasets';

// The engine worker must fetch its script from the network here (not from the service worker's
// cache), so that the test can change what the worker sees of the device.
test.use({ serviceWorkers: 'block' });

/**
 * Make the engine worker believe the device has 2^-13 GiB of memory: the memory guard then allows
 * 64 KiB (half the device), and the parsed tables' budget is a quarter of that, 16 KiB: room for one
 * of this test's tables (400 and 450 rows, 11.2 and 12.6 kB) but not for two. Returns how many
 * times the worker's script was served.
 */
async function tinyWorkerMemory(page: Page): Promise<() => number> {
  let served = 0;
  await page.route(/\/assets\/engine\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    const script = await response.text();
    served++;
    await route.fulfill({ response, body: `Object.defineProperty(WorkerNavigator.prototype, 'deviceMemory', { get: () => 2 ** -13 });\n${script}` });
  });
  return () => served;
}

/** Replace a stored dataset's file in IndexedDB, as another tab or a bug might (not through the app). */
function replaceStoredFile(page: Page, name: string, text: string): Promise<void> {
  return page.evaluate(
    ({ name, text }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pipeline-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['datasets', 'datasetFiles'], 'readwrite');
          const all = tx.objectStore('datasets').getAll();
          all.onsuccess = () => {
            const record = (all.result as { id: string; name: string }[]).find((d) => d.name === name);
            if (!record) throw new Error(`No stored dataset named ${name}`);
            tx.objectStore('datasetFiles').put({ id: record.id, blob: new Blob([text], { type: 'text/csv' }) });
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name, text },
  );
}

const changed = (name: string) => `The stored file of ${name} is not the file it was read from; delete the dataset and add the file again`;

test('past the memory budget the engine lets the least recently used dataset go and reads it again from storage when it is used', async ({ page }) => {
  const served = await tinyWorkerMemory(page);
  await openStudio(page);

  // Parsing second.csv puts the two tables past the budget: first.csv (neither active nor just read) goes.
  const first = datasetCsv(400);
  await dropFiles(page, [
    { name: 'first.csv', type: 'text/csv', text: first },
    { name: 'second.csv', type: 'text/csv', text: datasetCsv(450, { seed: 1 }) },
  ]);
  await answerTarget(page);
  await expect(activeRadio(page, 'second.csv')).toBeChecked();
  await expectDataset(page, 450, 4);
  expect(served()).toBe(1);

  // The engine no longer holds first.csv: with its stored file changed, selecting it says so.
  await replaceStoredFile(page, 'first.csv', datasetCsv(400, { seed: 7 }));
  await activeRadio(page, 'first.csv').check();
  await expect(page.getByRole('alert').filter({ hasText: `Could not profile the dataset: ${changed('first.csv')}` })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: `Could not prepare the pipeline: ${changed('first.csv')}` })).toBeVisible();

  // With its file as it was, it is read again on use (second.csv goes): profiled and trained on.
  await replaceStoredFile(page, 'first.csv', first);
  await activeRadio(page, 'second.csv').check();
  await expectDataset(page, 450, 4);
  await activeRadio(page, 'first.csv').check();
  await expectDataset(page, 400, 4);
  const code = page.getByRole('table', { name: 'Columns' }).getByRole('row', { name: /^code\b/ });
  // Three distinct codes, counted by the engine on the table it read again.
  await expect(code.getByRole('cell').nth(2)).toHaveText('3');
  await runAndWait(page);
  // The run trained on the table read again: all 400 rows, split 4 to 1.
  await expect(region(page, 'Run log')).toContainText('split: 320 training rows, 80 test rows');
  await expect(page.getByRole('table', { name: 'Run log' }).getByRole('row', { name: /^model\b/ })).toContainText('400 → 400');
  await expect(page.getByRole('alert').filter({ hasText: 'stored file' })).toHaveCount(0);

  // Reading first.csv again let second.csv go, the least recently used that is not active.
  await replaceStoredFile(page, 'second.csv', datasetCsv(450, { seed: 2 }));
  await view(page, 'Data');
  await activeRadio(page, 'second.csv').check();
  await expect(page.getByRole('alert').filter({ hasText: `Could not prepare the pipeline: ${changed('second.csv')}` })).toBeVisible();
  expect(served()).toBe(1);
});
