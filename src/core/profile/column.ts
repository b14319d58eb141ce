/** The detail of one column: counts, statistics, a histogram or bar counts, and its inferred type. */
import type { CategoricalColumn, Column, DateColumn, NumericColumn, TextColumn } from '../table/table';
import { findStrayText } from '../quality/stray-text';
import { countFloats } from './distinct';
import { binCount, histogram } from './histogram';
import { inferType, type InferenceFacts } from './infer';
import { quantilesInPlace } from './quantiles';
import type { ColumnDetail, NumericStats, ValueCount } from './types';

/** Quantiles reported per numeric column (1% and 99% also bound the leakage check's bins). */
export const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
/** Values listed per column, most frequent first. */
export const TOP_VALUES = 20;
/** Whole-number columns with at most this many distinct values get bars per value instead of a histogram. */
const BARS_UP_TO = 20;

function numericStats(values: Float64Array): { stats: NumericStats; increasing: boolean } {
  const present = new Float64Array(values.length);
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let integer = true;
  let increasing = true;
  let previous = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    present[n++] = v;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integer && !Number.isInteger(v)) integer = false;
    if (v <= previous) increasing = false;
    previous = v;
  }
  const mean = n > 0 ? sum / n : NaN;
  // Two passes: the sum of squared deviations does not cancel the way Σx² − n·mean² does.
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (present[i] - mean) ** 2;
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : n === 1 ? 0 : NaN;
  const qs = quantilesInPlace(present.subarray(0, n), QUANTILES);
  return {
    stats: { min: n > 0 ? min : NaN, max: n > 0 ? max : NaN, mean, std, integer: n > 0 && integer, quantiles: QUANTILES.map((p, i) => ({ p, value: qs[i] })) },
    increasing,
  };
}

function quantileOf(stats: NumericStats, p: number): number {
  return stats.quantiles.find((q) => q.p === p)?.value ?? NaN;
}

function describeFloats(column: NumericColumn | DateColumn): { detail: ColumnDetail; facts: Partial<InferenceFacts> } {
  const { name, kind, values } = column;
  const counted = countFloats(values, BARS_UP_TO);
  const { stats, increasing } = numericStats(values);
  const count = values.length - counted.missing;
  const detail: ColumnDetail = { name, kind, count, missing: counted.missing, distinct: counted.distinct, stats, inferred: { type: 'continuous', confidence: 0, reason: '' } };
  if (kind === 'numeric' && stats.integer && counted.values) {
    detail.top = counted.values.slice(0, TOP_VALUES).map((v) => ({ value: String(v.value), count: v.count }));
    detail.otherCount = 0;
  } else if (count > 0) {
    const iqr = quantileOf(stats, 0.75) - quantileOf(stats, 0.25);
    detail.histogram = histogram(values, stats.min, stats.max, binCount(count, stats.min, stats.max, iqr));
  }
  return { detail, facts: { increasing } };
}

/** Value counts, most frequent first, the first `limit` of them, and how many present cells the rest hold. */
export function topValues(counts: ArrayLike<number>, label: (i: number) => string, limit: number): { top: ValueCount[]; other: number; distinct: number } {
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > 0) order.push(i);
    total += counts[i];
  }
  order.sort((a, b) => counts[b] - counts[a] || a - b);
  const top = order.slice(0, limit).map((i) => ({ value: label(i), count: counts[i] }));
  return { top, other: total - top.reduce((s, t) => s + t.count, 0), distinct: order.length };
}

export function codeCounts(column: CategoricalColumn): { counts: Int32Array; missing: number } {
  const counts = new Int32Array(column.categories.length);
  let missing = 0;
  for (const code of column.codes) {
    if (code < 0) missing++;
    else counts[code]++;
  }
  return { counts, missing };
}

function describeCodes(column: CategoricalColumn): ColumnDetail {
  const { counts, missing } = codeCounts(column);
  const { top, other, distinct } = topValues(counts, (i) => column.categories[i], TOP_VALUES);
  return { name: column.name, kind: column.kind, count: column.codes.length - missing, missing, distinct, top, otherCount: other, inferred: { type: 'categorical', confidence: 0, reason: '' } };
}

const WHITESPACE = /\s/;

function describeText(column: TextColumn): { detail: ColumnDetail; facts: Partial<InferenceFacts> } {
  const counts = new Map<string, number>();
  let missing = 0;
  let spaced = 0;
  for (const v of column.values) {
    if (v === null) {
      missing++;
      continue;
    }
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (WHITESPACE.test(v.trim())) spaced++;
  }
  const labels = [...counts.keys()];
  const { top, other, distinct } = topValues(Int32Array.from(counts.values()), (i) => labels[i], TOP_VALUES);
  const detail: ColumnDetail = { name: column.name, kind: 'text', count: column.values.length - missing, missing, distinct, top, otherCount: other, inferred: { type: 'text', confidence: 0, reason: '' } };
  return { detail, facts: { spaced } };
}

export function describeColumn(column: Column): ColumnDetail {
  let described: { detail: ColumnDetail; facts: Partial<InferenceFacts> };
  switch (column.kind) {
    case 'numeric':
    case 'date':
      described = describeFloats(column);
      break;
    case 'categorical':
    case 'boolean':
      described = { detail: describeCodes(column), facts: {} };
      break;
    case 'text':
      described = describeText(column);
  }
  const { detail, facts } = described;
  detail.inferred = inferType(column, detail, { increasing: false, spaced: 0, stray: findStrayText(column), ...facts });
  return detail;
}
