import type { Page } from '@playwright/test';
import { answerTarget, dropFiles, expect, expectDataset, openStudio, region, test } from './helpers';
import { activeRadio, datasetCsv, datasetList } from './datasets';

/** How many records each dataset store holds, read in the page straight from IndexedDB (not through the app). */
function storedCounts(page: Page): Promise<{ datasets: number; datasetFiles: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('pipeline-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['datasets', 'datasetFiles'], 'readonly');
          const datasets = tx.objectStore('datasets').count();
          const datasetFiles = tx.objectStore('datasetFiles').count();
          tx.oncomplete = () => {
            db.close();
            resolve({ datasets: datasets.result, datasetFiles: datasetFiles.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/**
 * While `window.storageFull` is set, writes to the dataset stores fail as a browser at its quota
 * fails them: with a DOMException named QuotaExceededError. Installed before the app's scripts, off
 * until the test sets the flag, so the app starts and lists its stored data as usual.
 */
async function failDatasetWritesOnFlag(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const guarded = new Set(['datasets', 'datasetFiles']);
    for (const method of ['add', 'put'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
        if ((window as { storageFull?: boolean }).storageFull && guarded.has(this.name)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
}

function setStorageFull(page: Page, full: boolean): Promise<void> {
  return page.evaluate((full) => {
    (window as { storageFull?: boolean }).storageFull = full;
  }, full);
}

test('a dataset that does not fit in storage is refused with a clear message; stored ones stay usable, and a retry with space succeeds', async ({ page }) => {
  await failDatasetWritesOnFlag(page);
  await openStudio(page);
  await dropFiles(page, [
    { name: 'kept.csv', type: 'text/csv', text: datasetCsv(12) },
    { name: 'other.csv', type: 'text/csv', text: datasetCsv(20, { seed: 1000 }) },
  ]);
  await answerTarget(page);
  await expect(datasetList(page).getByRole('listitem')).toHaveCount(2);
  await expect(activeRadio(page, 'other.csv')).toBeChecked();
  await expectDataset(page, 20, 4);
  expect(await storedCounts(page)).toEqual({ datasets: 2, datasetFiles: 2 });

  const big = datasetCsv(1500, { seed: 5000 });
  const bytes = new TextEncoder().encode(big).length;
  // Between 10 kB and 1 MB, the message gives the size in whole kilobytes (decimal).
  expect(bytes).toBeGreaterThan(10_000);
  expect(bytes).toBeLessThan(1_000_000);
  await setStorageFull(page, true);
  await dropFiles(page, [{ name: 'big.csv', type: 'text/csv', text: big }]);

  const alert = region(page, 'Data').getByRole('alert');
  await expect(alert).toHaveText(
    `Could not store big.csv: Browser storage is full: the dataset "big.csv" (${Math.round(bytes / 1000)} kB) could not be stored. ` +
      'Nothing already stored was lost; free space by deleting datasets or saved models you no longer need.',
  );
  // Nothing of it was written, and the stored datasets are listed and usable as before.
  expect(await storedCounts(page)).toEqual({ datasets: 2, datasetFiles: 2 });
  await expect(datasetList(page).getByRole('listitem')).toHaveCount(2);
  await expect(datasetList(page).getByRole('radio', { name: 'big.csv' })).toHaveCount(0);
  await expect(activeRadio(page, 'other.csv')).toBeChecked();
  await expectDataset(page, 20, 4);
  await activeRadio(page, 'kept.csv').check();
  await expectDataset(page, 12, 4);

  // Space freed: the same file is stored, becomes active, and is still there after a reload.
  await setStorageFull(page, false);
  await dropFiles(page, [{ name: 'big.csv', type: 'text/csv', text: big }]);
  await answerTarget(page);
  await expect(activeRadio(page, 'big.csv')).toBeChecked();
  await expectDataset(page, 1500, 4);
  await expect(region(page, 'Data').getByRole('alert')).toHaveCount(0);
  expect(await storedCounts(page)).toEqual({ datasets: 3, datasetFiles: 3 });

  await page.reload();
  await expect(datasetList(page).getByRole('listitem')).toHaveText([/kept\.csv\s+12 rows · 4 columns/, /other\.csv\s+20 rows · 4 columns/, /big\.csv\s+1,500 rows · 4 columns/]);
  await expect(activeRadio(page, 'big.csv')).toBeChecked();
  await expectDataset(page, 1500, 4);
});
