/**
 * The whole profile of a table, computed in the engine worker on demand: per-column detail,
 * correlations, the target's distribution and the quality warnings. Every part is a constant
 * number of linear passes per column (quickselect, hash counting), except the correlation matrix,
 * one pass per pair of numeric columns.
 */
import { qualityWarnings } from '../quality/warnings';
import { inferTask } from '../table/profile';
import type { Column, Table } from '../table/table';
import { codeCounts, describeColumn, topValues } from './column';
import { correlationMatrix } from './correlation';
import { countFloats } from './distinct';
import { binCount, histogram } from './histogram';
import type { ColumnDetail, DatasetProfile, TargetDistribution } from './types';

/** Classes listed in the target's distribution. */
const MAX_CLASSES = 100;

export function targetDistribution(column: Column, detail: ColumnDetail): TargetDistribution | undefined {
  let task: 'classification' | 'regression';
  try {
    task = inferTask(column);
  } catch {
    // Dates and free text cannot be targets: there is no distribution to show.
    return undefined;
  }
  const base = { name: column.name, task, missing: detail.missing };
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    const { counts } = codeCounts(column);
    return { ...base, classes: topValues(counts, (i) => column.categories[i], MAX_CLASSES).top };
  }
  if (column.kind !== 'numeric') return undefined;
  if (task === 'classification') {
    const classes = (countFloats(column.values, MAX_CLASSES).values ?? []).map((v) => ({ value: String(v.value), count: v.count }));
    return { ...base, classes };
  }
  const stats = detail.stats;
  if (!stats) return base;
  const iqr = (stats.quantiles.find((q) => q.p === 0.75)?.value ?? 0) - (stats.quantiles.find((q) => q.p === 0.25)?.value ?? 0);
  return { ...base, histogram: detail.histogram ?? histogram(column.values, stats.min, stats.max, binCount(detail.count, stats.min, stats.max, iqr)) };
}

export interface ProfileProgress {
  /** Parts done and all parts: one per column, then correlations, then the quality checks. */
  done: number;
  total: number;
  /** What is being computed next. */
  phase: string;
}

/**
 * The profile in parts, so that the worker can yield between them (and so stop when cancelled):
 * each `yield` reports what comes next.
 */
export function* profileParts(table: Table, target?: string): Generator<ProfileProgress, DatasetProfile> {
  const started = performance.now();
  const total = table.columns.length + 2;
  const columns: ColumnDetail[] = [];
  for (const column of table.columns) {
    yield { done: columns.length, total, phase: `column "${column.name}"` };
    columns.push(describeColumn(column));
  }
  yield { done: total - 2, total, phase: 'correlations' };
  const correlation = correlationMatrix(table);
  yield { done: total - 1, total, phase: 'quality checks' };
  const at = table.columns.findIndex((c) => c.name === target);
  const distribution = at >= 0 ? targetDistribution(table.columns[at], columns[at]) : undefined;
  return {
    rows: table.rowCount,
    columns,
    correlation,
    ...(distribution ? { target: distribution } : {}),
    warnings: qualityWarnings(table, columns, distribution),
    ms: performance.now() - started,
  };
}

/** The whole profile at once. */
export function profileDataset(table: Table, target?: string): DatasetProfile {
  const parts = profileParts(table, target);
  for (;;) {
    const next = parts.next();
    if (next.done) return next.value;
  }
}
