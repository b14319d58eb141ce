/**
 * Reference rows: what "a typical row" looks like, for measuring contributions from (a linear
 * model's reference mean, the sampling estimate's background) without keeping training rows in the
 * model file. They are drawn from the training profile the file already holds: each column on its
 * own (so correlations between columns are not kept), numeric and date columns at evenly spaced
 * quantiles of their decile histogram (whole numbers stay whole, and the mean is the training mean
 * otherwise), categories in their training shares, missing values in their training share.
 * Files without a training profile (format version 1) use the first rows of the data explained.
 */
import { seededRng, shuffleInPlace } from '../random';
import type { CategoryStats, ColumnStats, NumericStats } from '../table/training-profile';
import { takeRows, type Column, type ColumnSchema, type Table } from '../table/table';
import { range } from '../arrays';

/** Rows drawn: enough for category shares to a few percent, few enough to keep the sampling estimate quick. */
export const REFERENCE_ROWS = 64;

/** How many of `total` slots each share gets: whole numbers summing to `total`, largest remainders first. */
function apportion(shares: readonly number[], total: number): number[] {
  const sum = shares.reduce((a, b) => a + b, 0) || 1;
  const exact = shares.map((s) => (s / sum) * total);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0]);
  for (let k = 0, left = total - counts.reduce((a, b) => a + b, 0); k < left; k++) counts[order[k % order.length][1]]++;
  return counts;
}

/** The value at quantile u of the piecewise-linear distribution the decile histogram describes. */
function quantileOf(stats: NumericStats, u: number): number {
  const bounds = [stats.min, ...stats.edges, stats.max];
  let below = 0;
  for (let b = 0; b < stats.fractions.length; b++) {
    const share = stats.fractions[b];
    if (u <= below + share || b === stats.fractions.length - 1) {
      const within = share > 0 ? Math.min(1, Math.max(0, (u - below) / share)) : 0.5;
      return bounds[b] + within * (bounds[b + 1] - bounds[b]);
    }
    below += share;
  }
  return stats.max;
}

function numericValues(stats: NumericStats, present: number): Float64Array {
  const values = Float64Array.from({ length: present }, (_, i) => quantileOf(stats, (i + 0.5) / present));
  const whole = [stats.min, stats.max, ...stats.edges].every(Number.isInteger);
  if (whole) return values.map(Math.round);
  // The histogram's linear pieces miss the mean by a little; the linear model's reference point is the training mean.
  const shift = stats.mean - values.reduce((a, b) => a + b, 0) / Math.max(1, present);
  return present > 0 ? values.map((v) => v + shift) : values;
}

function missingCount(stats: { count: number; missing: number }, rows: number): number {
  const total = stats.count + stats.missing;
  return total > 0 ? Math.round((rows * stats.missing) / total) : rows;
}

function referenceColumn(schema: ColumnSchema, stats: ColumnStats, rows: number, rng: () => number): Column {
  const missing = stats.kind === 'text' ? rows : Math.min(rows, missingCount(stats, rows));
  const present = rows - missing;
  if (schema.kind === 'numeric' || schema.kind === 'date') {
    const values = new Float64Array(rows).fill(NaN);
    if (stats.kind === 'numeric' || stats.kind === 'date') values.set(numericValues(stats, stats.count > 0 ? present : 0));
    return { name: schema.name, kind: schema.kind, values: shuffleInPlace(values, rng) };
  }
  if (schema.kind === 'categorical' || schema.kind === 'boolean') {
    const categories = schema.categories ?? [];
    const fractions = (stats as CategoryStats).fractions ?? {};
    const counts = apportion(categories.map((c) => fractions[c] ?? 0), present);
    const codes = new Int32Array(rows).fill(-1);
    let at = 0;
    counts.forEach((n, code) => codes.fill(code, at, (at += n)));
    return { name: schema.name, kind: schema.kind, codes: shuffleInPlace(codes, rng), categories };
  }
  // Free text has no profile beyond its missing share: the reference row has none ("no text").
  return { name: schema.name, kind: 'text', values: new Array<string | null>(rows).fill(null) };
}

/**
 * `rows` reference rows over the columns of `schema`, from `profile`; seeded, so a model's
 * explanations are the same wherever they are computed. Without a profile, the first rows of `data()`.
 */
export function referenceRows(schema: readonly ColumnSchema[], profile: readonly ColumnStats[], data: () => Table, rows = REFERENCE_ROWS, seed = 0): Table {
  const byName = new Map(profile.map((s) => [s.name, s]));
  if (!schema.every((c) => byName.has(c.name))) {
    const fallback = data();
    return takeRows(fallback, range(Math.min(rows, fallback.rowCount)));
  }
  const rng = seededRng(seed);
  return { rowCount: rows, columns: schema.map((c) => referenceColumn(c, byName.get(c.name) as ColumnStats, rows, rng)) };
}

/** In words, for the explanation's `reference`. */
export function referenceText(schema: readonly ColumnSchema[], profile: readonly ColumnStats[], rows = REFERENCE_ROWS): string {
  const names = new Set(profile.map((s) => s.name));
  return schema.every((c) => names.has(c.name))
    ? `${rows} reference rows drawn from the training profile (each column's training distribution, independently)`
    : `the first ${rows} rows explained (this model file has no training profile)`;
}
