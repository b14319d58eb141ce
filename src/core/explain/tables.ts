/** Building the rows explanations score: columns taken row by row from a table, each on its own. */
import { takeRows, type Column, type Table } from '../table/table';

/** The column's values at `rows`, in that order. */
export function takeColumn(column: Column, rows: ArrayLike<number>): Column {
  return takeRows({ rowCount: 0, columns: [column] }, rows).columns[0];
}

/** A table of `rows` rows whose column c holds `table`'s column c at picks[c] (every column picked independently). */
export function pickColumns(table: Table, picks: readonly ArrayLike<number>[]): Table {
  const rowCount = picks.length ? picks[0].length : 0;
  return { rowCount, columns: table.columns.map((c, i) => takeColumn(c, picks[i])) };
}

/** 0 … n − 1, `times` times over. */
export function tiled(n: number, times: number): Int32Array {
  const out = new Int32Array(n * times);
  for (let t = 0; t < times; t++) for (let i = 0; i < n; i++) out[t * n + i] = i;
  return out;
}
