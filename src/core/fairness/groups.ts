/**
 * The groups a fairness report compares: the rows grouped by the values of one or more sensitive
 * columns, as fairlearn's MetricFrame groups by sensitive features (several columns: one group per
 * combination that occurs, fairlearn's intersections; combinations without rows are not listed).
 * Where fairlearn would take a number such as age value by value, a numeric or date column with
 * more than MAX_VALUES distinct values is cut at its quartiles (computed on the reported rows), so
 * that each group is large enough to say something. A missing cell is a group of its own.
 */
import { quantilesInPlace } from '../profile/quantiles';
import { cellText, isMissing, type Column } from '../table/table';

export const MISSING_GROUP = '(missing)';
/** Numeric and date columns with more distinct values than this are grouped by quartile. */
export const MAX_VALUES = 10;

export interface Grouping {
  /** Per group, its value of each column, in the columns' order; groups sorted column by column. */
  groups: string[][];
  /** Per reported row, its group. */
  groupOf: Int32Array;
  /** How a column was grouped when it was not value by value. */
  notes: string[];
}

/** One column's groups over the reported rows: each row's code into `labels`, labels in the column's natural order. */
interface ColumnGroups {
  labels: string[];
  codes: Int32Array;
  note?: string;
}

const formatEdge = (column: Column, x: number) => (column.kind === 'date' ? new Date(x).toISOString().slice(0, 10) : String(Number(x.toPrecision(4))));

/** Quartile bins [q_i, q_i+1), the first open below and the last above; repeated edges merge bins. */
function quartileGroups(column: Column & { values: Float64Array }, rows: ArrayLike<number>, present: Float64Array): ColumnGroups {
  const edges = [...new Set(quantilesInPlace(present.slice(), [0.25, 0.5, 0.75]))];
  const show = (x: number) => formatEdge(column, x);
  const labels = [
    `< ${show(edges[0])}`,
    ...edges.slice(1).map((edge, i) => `[${show(edges[i])}, ${show(edge)})`),
    `≥ ${show(edges[edges.length - 1])}`,
  ];
  const missing = labels.length;
  const codes = new Int32Array(rows.length);
  let anyMissing = false;
  for (let i = 0; i < rows.length; i++) {
    const v = column.values[rows[i]];
    if (Number.isNaN(v)) {
      codes[i] = missing;
      anyMissing = true;
      continue;
    }
    let bin = 0;
    while (bin < edges.length && v >= edges[bin]) bin++;
    codes[i] = bin;
  }
  return { labels: anyMissing ? [...labels, MISSING_GROUP] : labels, codes, note: `"${column.name}" has more than ${MAX_VALUES} values: grouped by its quartiles on these rows` };
}

/** Distinct values as groups: numbers and dates in numeric order, text and categories alphabetically, missing last. */
function valueGroups(column: Column, rows: ArrayLike<number>): ColumnGroups {
  const numeric = column.kind === 'numeric' || column.kind === 'date';
  const keyOf = (row: number): string | number => (numeric ? (column.values as Float64Array)[row] : cellText(column, row));
  const keys = new Map<string | number, number>();
  let anyMissing = false;
  for (let i = 0; i < rows.length; i++) {
    if (isMissing(column, rows[i])) anyMissing = true;
    else keys.set(keyOf(rows[i]), 0);
  }
  const sorted = [...keys.keys()].sort((a, b) => (numeric ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0));
  sorted.forEach((key, code) => keys.set(key, code));
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = isMissing(column, rows[i]) ? sorted.length : (keys.get(keyOf(rows[i])) as number);
  const label = (key: string | number) => (column.kind === 'date' ? formatEdge(column, key as number) : String(key));
  return { labels: [...sorted.map(label), ...(anyMissing ? [MISSING_GROUP] : [])], codes };
}

function columnGroups(column: Column, rows: ArrayLike<number>): ColumnGroups {
  if (column.kind !== 'numeric' && column.kind !== 'date') return valueGroups(column, rows);
  const present = new Float64Array(rows.length);
  let n = 0;
  const distinct = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const v = column.values[rows[i]];
    if (Number.isNaN(v)) continue;
    present[n++] = v;
    if (distinct.size <= MAX_VALUES) distinct.add(v);
  }
  return distinct.size > MAX_VALUES ? quartileGroups(column, rows, present.subarray(0, n)) : valueGroups(column, rows);
}

/** Group `rows` (positions into the columns) by every column together: one group per combination present. */
export function groupRows(columns: readonly Column[], rows: ArrayLike<number>): Grouping {
  const perColumn = columns.map((c) => columnGroups(c, rows));
  const byKey = new Map<string, number>();
  const combos: number[][] = [];
  const raw = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const combo = perColumn.map((g) => g.codes[i]);
    const key = combo.join(',');
    let at = byKey.get(key);
    if (at === undefined) {
      at = combos.length;
      byKey.set(key, at);
      combos.push(combo);
    }
    raw[i] = at;
  }
  const order = combos.map((_, i) => i).sort((a, b) => {
    for (let j = 0; j < perColumn.length; j++) if (combos[a][j] !== combos[b][j]) return combos[a][j] - combos[b][j];
    return 0;
  });
  const rank = new Int32Array(combos.length);
  order.forEach((at, r) => (rank[at] = r));
  return {
    groups: order.map((at) => combos[at].map((code, j) => perColumn[j].labels[code])),
    groupOf: raw.map((at) => rank[at]),
    notes: perColumn.flatMap((g) => (g.note ? [g.note] : [])),
  };
}
