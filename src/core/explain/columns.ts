/**
 * Contributions as columns of a prediction file: `contrib_<column>` per source column (to the
 * predicted class's output, or to the value), `contribution_base` (where they start) and
 * `contribution_of` (what they add up to: "log-odds of yes", "probability of Adelie", "predicted
 * price"). For each row, contribution_base + Σ contrib_* is that output. Rows are explained a chunk
 * at a time, so memory holds one chunk's explanation beside the columns.
 */
import type { PredictionColumn } from '../pipeline/predict';
import { takeRows, type Table } from '../table/table';
import { explainRows, type ContributionOptions } from './contributions';
import type { Explainable } from './model';
import { rowValues } from './view';

const CHUNK_ROWS = 5_000;

export async function contributionColumns(model: Explainable, table: Table, options: ContributionOptions = {}): Promise<PredictionColumn[]> {
  const n = table.rowCount;
  const base = new Float64Array(n).fill(NaN);
  const of = new Array<string>(n).fill('');
  const byName = new Map<string, Float64Array>();
  const columnOf = (name: string) => {
    let values = byName.get(name);
    if (!values) byName.set(name, (values = new Float64Array(n).fill(NaN)));
    return values;
  };
  for (const c of model.fitted.inputSchema) columnOf(c.name);
  for (let start = 0; start < n; start += CHUNK_ROWS) {
    const end = Math.min(n, start + CHUNK_ROWS);
    const e = await explainRows(model, takeRows(table, Int32Array.from({ length: end - start }, (_, i) => start + i)), {
      ...options,
      onProgress: (done, total) => options.onProgress?.(start + Math.round((done / Math.max(1, total)) * (end - start)), n),
    });
    const targets = e.columns.map(columnOf);
    for (let i = 0; i < e.rows; i++) {
      const row = start + e.rowIds[i];
      const v = rowValues(e, i);
      base[row] = v.base;
      of[row] = v.scale;
      targets.forEach((values, c) => (values[row] = v.values[c]));
    }
  }
  return [...[...byName].map(([name, values]) => ({ name: `contrib_${name}`, values })), { name: 'contribution_base', values: base }, { name: 'contribution_of', values: of }];
}
