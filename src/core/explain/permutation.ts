/**
 * Permutation importance (Breiman 2001; scikit-learn's permutation_importance): the drop of a
 * metric when one column's values are shuffled among the rows, which breaks its link with the
 * target while keeping its distribution. Repeated with fresh shuffles; the mean and the standard
 * deviation of the drops are reported. Per source column (shuffled before the pipeline's steps, so
 * every feature made from it moves together) and per feature the model reads (shuffled after them;
 * left out with `features: false`, when `features` is empty).
 */
import { argmaxRows } from '../metrics';
import type { FeatureColumns } from '../models/data';
import { seededRng, shuffleInPlace } from '../random';
import { cellText, getColumn, takeRows, withColumns, type Table } from '../table/table';
import { featureSources } from './lineage';
import { permutedColumn, stackFeatures, yieldTurn, type Explainable } from './model';
import { takeColumn, tiled } from './tables';
import type { GlobalExplanation, Importance, ImportanceMetric } from './types';
import { range } from '../arrays';

export interface PermutationOptions {
  repeats?: number;
  /** At most this many rows (a seeded sample of them). */
  maxRows?: number;
  seed?: number;
  /** What the rows are, for the record ("test rows", a file's name). */
  data?: string;
  /** false: source columns only, no per-feature importances (cheaper). */
  features?: boolean;
  /** Fixed shuffles, one per repeat, instead of seeded ones (to compare with a hand calculation). */
  permutations?: readonly Int32Array[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_REPEATS = 5;
const DEFAULT_MAX_ROWS = 1000;

/** The metric the Results panel shows first: accuracy, or R². Higher is better for both. */
export function metricOf(task: 'classification' | 'regression'): ImportanceMetric {
  return task === 'classification' ? 'accuracy' : 'r2';
}

/** Targets of the rows, as the model's class indices or values; NaN where missing or a class the model does not know. */
function targetsOf(model: Explainable, table: Table): Float64Array {
  const column = getColumn(table, model.fitted.spec.target);
  const classes = model.fitted.model.classes;
  if (!classes) {
    if (column.kind !== 'numeric') throw new Error(`The target "${column.name}" must be numeric to measure R²`);
    return Float64Array.from(column.values);
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  return Float64Array.from({ length: table.rowCount }, (_, r) => index.get(cellText(column, r)) ?? NaN);
}

/** The metric over `rows` scored rows starting at `offset` of `scores`, against y (aligned to those rows). */
function metric(name: ImportanceMetric, y: Float64Array, scores: Float64Array, outputs: number, offset: number): number {
  const n = y.length;
  if (name === 'accuracy') {
    const best = argmaxRows(scores.subarray(offset * outputs, (offset + n) * outputs), outputs);
    let right = 0;
    for (let i = 0; i < n; i++) if (best[i] === y[i]) right++;
    return right / n;
  }
  let mean = 0;
  for (const v of y) mean += v / n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (y[i] - scores[offset + i]) ** 2;
    total += (y[i] - mean) ** 2;
  }
  return total > 0 ? 1 - residual / total : residual > 0 ? -Infinity : 1;
}

function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) };
}

const byMean = <T extends Importance>(a: T, b: T) => b.mean - a.mean || (a.name < b.name ? -1 : 1);

/**
 * Permutation importance of `model` on `table` (the input columns and the target). Rows whose target
 * is missing or a class the model does not know are left out; a row filter in the pipeline may
 * leave out more (the metric is measured on the rows it keeps).
 */
export async function permutationImportance(model: Explainable, table: Table, options: PermutationOptions = {}): Promise<GlobalExplanation> {
  const { signal, onProgress } = options;
  const seed = options.seed ?? 0;
  const repeats = options.permutations?.length ?? options.repeats ?? DEFAULT_REPEATS;
  const name = metricOf(model.fitted.spec.task);
  const outputs = model.outputs.length;
  const allTargets = targetsOf(model, table);
  const known = range(table.rowCount).filter((r) => !Number.isNaN(allTargets[r]));
  if (known.length === 0) throw new Error(`No row has a known value of the target "${model.fitted.spec.target}": permutation importance compares predictions with it`);
  const rng = seededRng(seed);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const chosen = known.length > maxRows ? shuffleInPlace(Int32Array.from(known), rng).slice(0, maxRows).sort() : known;
  const rows = model.conform(takeRows(table, chosen));
  const n = rows.rowCount;
  const shuffles = options.permutations ?? Array.from({ length: repeats }, () => shuffleInPlace(range(n), rng));
  if (shuffles.some((s) => s.length !== n)) throw new Error(`Each permutation must order the ${n} rows`);

  const base = model.prepare(rows);
  const y = Float64Array.from(base.rowIds, (r) => allTargets[chosen[r]]);
  if (y.length === 0) throw new Error("The pipeline's row filter left none of the rows to explain");
  const baseline = metric(name, y, await model.score(base.x), outputs, 0);
  const drops = (scores: Float64Array, parts: number, ys: Float64Array[]) => Array.from({ length: parts }, (_, p) => baseline - metric(name, ys[p], scores, outputs, ys.slice(0, p).reduce((a, v) => a + v.length, 0)));

  const columnNames = model.fitted.inputSchema.map((c) => c.name);
  const features = options.features === false ? [] : model.fitted.model.features;
  const total = columnNames.length + features.length;
  let done = 0;
  const step = async () => {
    onProgress?.(++done, total);
    await yieldTurn(signal);
  };

  // Source columns: `repeats` copies of the rows, the column shuffled differently in each, scored at once.
  const stacked = takeRows(rows, tiled(n, repeats));
  const order = new Int32Array(n * repeats);
  shuffles.forEach((s, t) => order.set(s, t * n));
  const columns: Importance[] = [];
  for (const column of columnNames) {
    const shuffled = withColumns(stacked, [takeColumn(getColumn(rows, column), order)]);
    const { x, rowIds } = model.prepare(shuffled);
    const ys = Array.from({ length: repeats }, (_, t) => {
      const ids = rowIds.filter((id) => id >= t * n && id < (t + 1) * n);
      return Float64Array.from(ids, (id) => allTargets[chosen[id - t * n]]);
    });
    columns.push({ name: column, ...meanAndStd(drops(await model.score(x), repeats, ys)) });
    await step();
  }

  // Features: the prepared rows with one feature shuffled, `repeats` times, scored at once.
  const featureImportances = [];
  const sources = featureSources(columnNames, model.fitted.steps, features);
  const m = base.x.rows;
  const featureShuffles = options.permutations && m === n ? shuffles : Array.from({ length: repeats }, () => shuffleInPlace(range(m), rng));
  for (let j = 0; j < features.length; j++) {
    const parts: FeatureColumns[] = featureShuffles.map((s) => permutedColumn(base.x, j, s));
    const scores = await model.score(stackFeatures(parts));
    featureImportances.push({ name: features[j], sources: sources[j], ...meanAndStd(drops(scores, repeats, parts.map(() => y))) });
    await step();
  }
  return { version: 1, metric: name, baseline, data: options.data ?? `${n} rows`, rows: n, repeats, seed, columns: columns.sort(byMean), features: featureImportances.sort(byMean) };
}
