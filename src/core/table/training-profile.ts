/**
 * What the training rows looked like, per source column: ranges and distributions that a
 * prediction file is later checked against (out-of-range values, unseen categories, drift).
 */
import { binShares } from '../predict/psi';
import { valuesAtRanks } from '../profile/quantiles';
import type { CategoricalColumn, ColumnKind, Table, TextColumn } from './table';

/** Numeric and date columns: range, moments and a 10-bin histogram on training-quantile edges. */
export interface NumericStats {
  name: string;
  kind: Extract<ColumnKind, 'numeric' | 'date'>;
  count: number;
  missing: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Inner bin edges (ascending); values ≤ edges[0] fall in bin 0, > edges[last] in the last bin. */
  edges: number[];
  /** Share of non-missing training values per bin (edges.length + 1 bins), summing to 1. */
  fractions: number[];
}

export interface CategoryStats {
  name: string;
  kind: Extract<ColumnKind, 'categorical' | 'boolean'>;
  count: number;
  missing: number;
  /** Share of non-missing training values per category, summing to 1. */
  fractions: Record<string, number>;
}

export interface TextStats {
  name: string;
  kind: 'text';
  count: number;
  missing: number;
}

export type ColumnStats = NumericStats | CategoryStats | TextStats;

/** Bins per numeric column: deciles, as drift monitoring commonly uses. */
const BINS = 10;

/**
 * Inner edges at the training deciles, each an observed value (the inverted empirical CDF: the
 * smallest value with at least i/10 of the values at or below it). Repeated edges (discrete data) are
 * merged, and an edge at the maximum is dropped because the bin above it would always be empty.
 */
function decileEdges(deciles: readonly number[], max: number): number[] {
  const edges: number[] = [];
  for (const edge of deciles) if (edge < max && edge !== edges[edges.length - 1]) edges.push(edge);
  return edges;
}

function numericStats(name: string, kind: NumericStats['kind'], values: Float64Array, rows: ArrayLike<number>): NumericStats {
  const gathered = new Float64Array(rows.length);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (Number.isNaN(v)) continue;
    gathered[count++] = v;
    sum += v;
  }
  const missing = rows.length - count;
  // JSON has no NaN: a column without values gets zeros and a single empty bin.
  if (count === 0) return { name, kind, count, missing, min: 0, max: 0, mean: 0, std: 0, edges: [], fractions: [0] };
  const present = gathered.subarray(0, count);
  const mean = sum / count;
  let squares = 0;
  for (const v of present) squares += (v - mean) ** 2;
  const std = Math.sqrt(squares / count);
  // Integer arithmetic: i·n/10 as a float (e.g. 0.3 · 10) can land just above a whole number.
  const decileRanks = Array.from({ length: BINS - 1 }, (_, i) => Math.ceil(((i + 1) * count) / BINS) - 1);
  const [min, max, ...deciles] = valuesAtRanks(present, [0, count - 1, ...decileRanks]);
  const edges = decileEdges(deciles, max);
  return { name, kind, count, missing, min, max, mean, std, edges, fractions: binShares(present, edges) };
}

function categoryStats(column: CategoricalColumn, rows: ArrayLike<number>): CategoryStats {
  const counts = new Array<number>(column.categories.length).fill(0);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const code = column.codes[rows[i]];
    if (code < 0) continue;
    counts[code]++;
    count++;
  }
  // Only categories the training rows hold: the dictionary may also list ones seen only in test rows.
  const fractions: Record<string, number> = {};
  column.categories.forEach((category, code) => {
    if (counts[code] > 0) fractions[category] = counts[code] / count;
  });
  return { name: column.name, kind: column.kind, count, missing: rows.length - count, fractions };
}

function textStats(column: TextColumn, rows: ArrayLike<number>): TextStats {
  let missing = 0;
  for (let i = 0; i < rows.length; i++) if (column.values[rows[i]] === null) missing++;
  return { name: column.name, kind: 'text', count: rows.length - missing, missing };
}

/**
 * Stats of every column but `exclude` (the target) over the given training rows. `count` is the
 * number of non-missing values, `missing` the rest. The result is plain JSON.
 */
export function trainingProfile(table: Table, rows: ArrayLike<number>, exclude?: string): ColumnStats[] {
  return table.columns
    .filter((c) => c.name !== exclude)
    .map((c) => {
      switch (c.kind) {
        case 'numeric':
        case 'date':
          return numericStats(c.name, c.kind, c.values, rows);
        case 'categorical':
        case 'boolean':
          return categoryStats(c, rows);
        case 'text':
          return textStats(c, rows);
      }
    });
}
