/**
 * Pearson correlation between numeric columns, each pair over the rows where both are present
 * (pandas' DataFrame.corr). One pass per pair with running means and co-moments (Welford) about
 * the first pair's values, which stays accurate for large values (dates in milliseconds) where
 * Σxy − n·x̄·ȳ would cancel.
 */
import type { NumericColumn, Table } from '../table/table';
import type { Correlation } from './types';

/** Beyond this many numeric columns the heatmap shows the first ones: p² pairs over n rows add up. */
export const MAX_CORRELATION_COLUMNS = 30;

export function pearson(x: Float64Array, y: Float64Array): number | null {
  let n = 0;
  let mx = 0;
  let my = 0;
  let cxx = 0;
  let cyy = 0;
  let cxy = 0;
  let shiftX = NaN;
  let shiftY = NaN;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== x[i] || y[i] !== y[i]) continue;
    if (n === 0) {
      shiftX = x[i];
      shiftY = y[i];
    }
    const a = x[i] - shiftX;
    const b = y[i] - shiftY;
    n++;
    const dx = a - mx;
    mx += dx / n;
    const dy = b - my;
    my += dy / n;
    cxx += dx * (a - mx);
    cyy += dy * (b - my);
    cxy += dx * (b - my);
  }
  if (n < 2 || cxx <= 0 || cyy <= 0) return null;
  return Math.max(-1, Math.min(1, cxy / Math.sqrt(cxx * cyy)));
}

export function correlationMatrix(table: Table): Correlation {
  const numeric = table.columns.filter((c): c is NumericColumn => c.kind === 'numeric').slice(0, MAX_CORRELATION_COLUMNS);
  const matrix = numeric.map(() => new Array<number | null>(numeric.length).fill(null));
  for (let i = 0; i < numeric.length; i++) {
    for (let j = i; j < numeric.length; j++) {
      const r = i === j ? (pearson(numeric[i].values, numeric[i].values) === null ? null : 1) : pearson(numeric[i].values, numeric[j].values);
      matrix[i][j] = r;
      matrix[j][i] = r;
    }
  }
  return { columns: numeric.map((c) => c.name), matrix };
}
