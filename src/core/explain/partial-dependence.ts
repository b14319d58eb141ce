/**
 * Partial dependence (Friedman 2001) and individual conditional expectation (Goldstein et al. 2015)
 * of one source column, as scikit-learn's partial_dependence(kind="both", method="brute"): every row
 * is scored with the column set to each grid value; the mean over the rows is the partial dependence,
 * each row's own curve an ICE line. The grid is the column's quantiles among the rows (numeric and
 * date columns, from the 5th to the 95th percentile as scikit-learn's default) or the model's
 * training categories. Every output (each class's probability) gets its own curve.
 */
import { range } from '../arrays';
import { quantiles } from '../steps/stats';
import { seededRng, shuffleInPlace } from '../random';
import { getColumn, takeRows, withColumns, type Column, type Table } from '../table/table';
import { yieldTurn, type Explainable } from './model';
import { tiled } from './tables';
import type { PartialDependence } from './types';

export interface PartialDependenceOptions {
  /** Grid points of a numeric column (fewer when values repeat). */
  gridSize?: number;
  /** Rows averaged over (a seeded sample beyond). */
  maxRows?: number;
  /** ICE lines returned (rows of the seeded sample: random rows, not the file's first). */
  lines?: number;
  /** At most this many categories, the most frequent among the rows. */
  maxCategories?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

function numericGrid(values: Float64Array, size: number): number[] {
  const present = values.filter((v) => !Number.isNaN(v));
  if (present.length === 0) return [];
  const levels = Array.from({ length: size }, (_, i) => (size === 1 ? 0.5 : 0.05 + (0.9 * i) / (size - 1)));
  return [...new Set(quantiles(present, levels))];
}

function categoryGrid(column: Column & { codes: Int32Array; categories: readonly string[] }, trained: readonly string[], max: number): string[] {
  const counts = new Map(trained.map((c) => [c, 0]));
  for (const code of column.codes) if (code >= 0 && counts.has(column.categories[code])) counts.set(column.categories[code], (counts.get(column.categories[code]) as number) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, max).map(([c]) => c).sort((a, b) => trained.indexOf(a) - trained.indexOf(b));
}

/** The column set to grid[g] on the g-th block of n rows. */
function gridColumn(column: Column, grid: readonly (number | string)[], n: number): Column {
  if (column.kind === 'numeric' || column.kind === 'date') {
    return { ...column, values: Float64Array.from({ length: grid.length * n }, (_, i) => grid[Math.floor(i / n)] as number) };
  }
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    const categories = [...new Set([...column.categories, ...(grid as string[])])];
    return { ...column, categories, codes: Int32Array.from({ length: grid.length * n }, (_, i) => categories.indexOf(grid[Math.floor(i / n)] as string)) };
  }
  throw new Error(`Partial dependence needs a numeric, date or categorical column; "${column.name}" is free text`);
}

export async function partialDependence(model: Explainable, table: Table, column: string, options: PartialDependenceOptions = {}): Promise<PartialDependence> {
  const schema = model.fitted.inputSchema.find((c) => c.name === column);
  if (!schema) throw new Error(`The model does not read a column "${column}" (its columns: ${model.fitted.inputSchema.map((c) => c.name).join(', ')})`);
  const maxRows = options.maxRows ?? 500;
  // In a seeded random order, so that the ICE lines (the first rows) are not the file's first rows (often one class).
  const sample = shuffleInPlace(range(table.rowCount), seededRng(options.seed ?? 0)).slice(0, maxRows);
  const rows = model.conform(takeRows(table, sample));
  const n = rows.rowCount;
  if (n === 0) throw new Error('There are no rows to average over');
  const original = getColumn(rows, column);
  const numeric = original.kind === 'numeric' || original.kind === 'date';
  const grid: (number | string)[] = numeric
    ? numericGrid(original.values, options.gridSize ?? 20)
    : original.kind === 'text'
      ? []
      : categoryGrid(original, schema.categories ?? original.categories, options.maxCategories ?? 30);
  if (grid.length === 0) throw new Error(`Column "${column}" has no values among the rows to build a grid from`);

  const outputs = model.outputs.length;
  const sums = Array.from({ length: outputs }, () => new Float64Array(grid.length));
  const counts = new Float64Array(grid.length);
  const lines = Math.min(options.lines ?? 30, n);
  const ice = Array.from({ length: lines }, () => Array.from({ length: outputs }, () => new Array<number>(grid.length).fill(NaN)));
  // A few grid points per scoring call: bounded memory, and progress and cancel between them.
  const perCall = Math.max(1, Math.floor(20_000 / n));
  for (let g0 = 0; g0 < grid.length; g0 += perCall) {
    const part = grid.slice(g0, g0 + perCall);
    const stacked = withColumns(takeRows(rows, tiled(n, part.length)), [gridColumn(original, part, n)]);
    const { x, rowIds } = model.prepare(stacked);
    const scores = await model.score(x);
    rowIds.forEach((id, i) => {
      const g = g0 + Math.floor(id / n);
      const row = id % n;
      counts[g]++;
      for (let k = 0; k < outputs; k++) {
        sums[k][g] += scores[i * outputs + k];
        if (row < lines) ice[row][k][g] = scores[i * outputs + k];
      }
    });
    options.onProgress?.(Math.min(grid.length, g0 + perCall), grid.length);
    await yieldTurn(options.signal);
  }
  return {
    column,
    kind: numeric ? 'numeric' : 'categorical',
    grid,
    outputs: model.outputs,
    average: sums.map((s) => Array.from(s, (v, g) => (counts[g] > 0 ? v / counts[g] : NaN))),
    ice,
    rows: n,
  };
}
