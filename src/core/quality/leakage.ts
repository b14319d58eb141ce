/**
 * Leakage: one column that predicts the target suspiciously well on its own. Each feature is cut
 * into groups (its categories, or 32 equal-width bins between its 1st and 99th percentiles, with
 * missing cells a group of their own); a one-feature model — the majority class, or the mean
 * target, per group — is learned from three rows in four and scored on the fourth. Scoring on
 * held-out rows keeps identifier columns (one group per row) from looking perfect.
 * Classification is scored by balanced accuracy (chance is 1/classes, whatever the imbalance),
 * regression by R².
 */
import type { Column, Table } from '../table/table';
import { countFloats } from '../profile/distinct';
import type { ColumnDetail } from '../profile/types';

/** A single column scoring at least this on held-out rows is reported as a likely leak. */
export const LEAKAGE_THRESHOLD = 0.98;
const BINS = 32;
/** Every fourth row is held out. */
const HOLDOUT_EVERY = 4;

export interface LeakageScore {
  column: string;
  /** Balanced accuracy (classification) or R² (regression) on the held-out rows. */
  score: number;
  metric: 'balanced accuracy' | 'R²';
}

/**
 * Where a group saw no training row: the nearest bin that did, for binned numbers (their bins are
 * ordered, and a small table leaves gaps between them); else the overall fallback. `seen` marks
 * the groups with training rows; the last group (missing cells) is never borrowed from.
 */
function fillGaps<T>(predicted: T[], seen: (g: number) => boolean, ordered: boolean, fallback: T): T[] {
  const bins = predicted.length - 1;
  return predicted.map((p, g) => {
    if (seen(g)) return p;
    if (!ordered || g === bins) return fallback;
    for (let d = 1; d < bins; d++) {
      if (g - d >= 0 && seen(g - d)) return predicted[g - d];
      if (g + d < bins && seen(g + d)) return predicted[g + d];
    }
    return fallback;
  });
}

/** Group ids of a feature's rows in `groups` (reused between features); returns how many groups. */
function groupsOf(column: Column, detail: ColumnDetail, groups: Int32Array): number {
  switch (column.kind) {
    case 'categorical':
    case 'boolean': {
      const missing = column.categories.length;
      for (let r = 0; r < groups.length; r++) groups[r] = column.codes[r] < 0 ? missing : column.codes[r];
      return missing + 1;
    }
    case 'numeric':
    case 'date': {
      const q = detail.stats?.quantiles ?? [];
      const low = q.find((x) => x.p === 0.01)?.value ?? NaN;
      const high = q.find((x) => x.p === 0.99)?.value ?? NaN;
      const width = high > low ? (high - low) / BINS : 1;
      for (let r = 0; r < groups.length; r++) {
        const v = column.values[r];
        groups[r] = v !== v ? BINS : Math.max(0, Math.min(BINS - 1, Math.floor((v - low) / width)));
      }
      return BINS + 1;
    }
    case 'text':
      return 0;
  }
}

/** Target as class indices (-1 missing) for classification, or numbers (NaN missing) for regression. */
export type TargetValues = { task: 'classification'; classes: number; y: Int32Array } | { task: 'regression'; y: Float64Array };

export function targetValues(column: Column, task: 'classification' | 'regression'): TargetValues | null {
  if (task === 'regression') return column.kind === 'numeric' ? { task, y: column.values } : null;
  if (column.kind === 'categorical' || column.kind === 'boolean') return { task, classes: column.categories.length, y: column.codes };
  if (column.kind !== 'numeric') return null;
  // A numeric target read as classes: its few distinct values, in order.
  const labels = (countFloats(column.values, Infinity).values ?? []).map((v) => v.value).sort((a, b) => a - b);
  const index = new Map(labels.map((v, i) => [v, i]));
  return { task, classes: labels.length, y: Int32Array.from(column.values, (v) => (v === v ? (index.get(v) as number) : -1)) };
}

function balancedAccuracy(groups: Int32Array, groupCount: number, ordered: boolean, target: { classes: number; y: Int32Array }): number {
  const { classes, y } = target;
  const counts = new Int32Array(groupCount * classes);
  const overall = new Int32Array(classes);
  for (let r = 0; r < y.length; r++) {
    if (y[r] < 0 || r % HOLDOUT_EVERY === HOLDOUT_EVERY - 1) continue;
    counts[groups[r] * classes + y[r]]++;
    overall[y[r]]++;
  }
  const argmax = (from: Int32Array, offset: number) => {
    let best = -1;
    for (let k = 0; k < classes; k++) if (from[offset + k] > 0 && (best < 0 || from[offset + k] > from[offset + best])) best = k;
    return best;
  };
  const best = Array.from({ length: groupCount }, (_, g) => argmax(counts, g * classes));
  const predicted = fillGaps(best, (g) => best[g] >= 0, ordered, argmax(overall, 0));
  const hits = new Int32Array(classes);
  const support = new Int32Array(classes);
  for (let r = HOLDOUT_EVERY - 1; r < y.length; r += HOLDOUT_EVERY) {
    if (y[r] < 0) continue;
    support[y[r]]++;
    if (predicted[groups[r]] === y[r]) hits[y[r]]++;
  }
  let sum = 0;
  let present = 0;
  for (let k = 0; k < classes; k++) {
    if (support[k] === 0) continue;
    sum += hits[k] / support[k];
    present++;
  }
  return present > 1 ? sum / present : 0;
}

function rSquared(groups: Int32Array, groupCount: number, ordered: boolean, y: Float64Array): number {
  const sums = new Float64Array(groupCount);
  const counts = new Int32Array(groupCount);
  let total = 0;
  let n = 0;
  for (let r = 0; r < y.length; r++) {
    if (y[r] !== y[r] || r % HOLDOUT_EVERY === HOLDOUT_EVERY - 1) continue;
    sums[groups[r]] += y[r];
    counts[groups[r]]++;
    total += y[r];
    n++;
  }
  const means = Array.from({ length: groupCount }, (_, g) => sums[g] / counts[g]);
  const predicted = fillGaps(means, (g) => counts[g] > 0, ordered, n > 0 ? total / n : 0);
  let heldMean = 0;
  let held = 0;
  for (let r = HOLDOUT_EVERY - 1; r < y.length; r += HOLDOUT_EVERY) if (y[r] === y[r]) heldMean += (y[r] - heldMean) / ++held;
  let sse = 0;
  let sst = 0;
  for (let r = HOLDOUT_EVERY - 1; r < y.length; r += HOLDOUT_EVERY) {
    if (y[r] !== y[r]) continue;
    sse += (y[r] - predicted[groups[r]]) ** 2;
    sst += (y[r] - heldMean) ** 2;
  }
  return sst > 0 ? 1 - sse / sst : 0;
}

/** The held-out score of each feature (text columns are skipped), best first. */
export function leakageScores(table: Table, details: readonly ColumnDetail[], targetName: string, task: 'classification' | 'regression'): LeakageScore[] {
  const targetColumn = table.columns.find((c) => c.name === targetName);
  const target = targetColumn && targetValues(targetColumn, task);
  if (!target || table.rowCount < 2 * HOLDOUT_EVERY) return [];
  const groups = new Int32Array(table.rowCount);
  const scores: LeakageScore[] = [];
  table.columns.forEach((column, i) => {
    if (column.name === targetName) return;
    const groupCount = groupsOf(column, details[i], groups);
    if (groupCount === 0) return;
    const ordered = column.kind === 'numeric' || column.kind === 'date';
    scores.push(
      target.task === 'classification'
        ? { column: column.name, score: balancedAccuracy(groups, groupCount, ordered, target), metric: 'balanced accuracy' }
        : { column: column.name, score: rSquared(groups, groupCount, ordered, target.y), metric: 'R²' },
    );
  });
  return scores.sort((a, b) => b.score - a.score);
}
