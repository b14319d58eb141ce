/** What the dataset specs share: a small generated CSV and the Datasets list's locators. */
import type { Locator, Page } from '@playwright/test';

/**
 * A CSV with `rows` data rows: id (from `seed`, so different seeds give different files), a numeric
 * code with three values, a measurement and a yes/no label.
 */
export function datasetCsv(rows: number, { delimiter = ',', seed = 0 } = {}): string {
  const lines = [['id', 'code', 'size', 'label'].join(delimiter)];
  for (let i = 0; i < rows; i++) lines.push([i + seed, 100 + (i % 3), ((i * 7) % 13) + 0.5, i % 2 ? 'yes' : 'no'].join(delimiter));
  return lines.join('\n') + '\n';
}

export function datasetList(page: Page): Locator {
  return page.getByRole('list', { name: 'Datasets', exact: true });
}

/** The radio that makes a dataset the active one (checked when it is). */
export function activeRadio(page: Page, name: string): Locator {
  return datasetList(page).getByRole('radio', { name, exact: true });
}
