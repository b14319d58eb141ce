/**
 * How a search validates candidates, on the training rows only: k folds (stratified by class, as
 * the split node's cross-validation deals them) or one 20% holdout, and the share of each fold's
 * training rows a halving rung trains on. The test rows never reach this module.
 */
import { gather, groupByKey } from '../arrays';
import { foldRows } from '../pipeline/split';
import { seededRng, shuffleInPlace } from '../random';

/** Auto validation: k folds up to this many training rows, a holdout beyond. */
export const HOLDOUT_ABOVE_ROWS = 10_000;
export const AUTO_FOLDS = 5;
/**
 * Auto validation on small sets repeats the k folds, dealt anew, this many times: there one fold's
 * few rows make a noisy score (a row is a point of accuracy), fits are cheap, and averaging over
 * several deals keeps the search from picking the candidate that was luckiest with one.
 */
export const AUTO_REPEATS = 3;
export const REPEAT_BELOW_ROWS = 1000;
/** A holdout keeps one fold of this many for validation: 20%. */
const HOLDOUT_FOLDS = 5;

export interface Fold {
  train: Int32Array;
  validation: Int32Array;
}

export interface ValidationPlan {
  folds: Fold[];
  /** Folds of one deal (a repeated deal validates every row again: its folds are not independent of the first's). */
  k: number;
  /** In words, for the plan and the report. */
  description: string;
  /** Fewer folds than asked, and why. */
  messages: string[];
}

const count = (n: number) => n.toLocaleString('en');

/** The class with the fewest of `rows`, and how many it has; classes absent from the rows do not count. */
function rarestClass(rows: Int32Array, classAt: Int32Array): { code: number; rows: number; present: number } {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(classAt[r], (counts.get(classAt[r]) ?? 0) + 1);
  let rarest = { code: -1, rows: Infinity };
  for (const [code, n] of counts) if (n < rarest.rows || (n === rarest.rows && code < rarest.code)) rarest = { code, rows: n };
  return { ...rarest, present: counts.size };
}

function splitFolds(train: Int32Array, assignment: Int32Array, folds: readonly number[]): Fold[] {
  return folds.map((f) => ({ train: train.filter((_, i) => assignment[i] !== f), validation: train.filter((_, i) => assignment[i] === f) }));
}

/**
 * The folds for `requested` (0 auto: 5 folds, repeated under 1,000 rows, a holdout past 10,000;
 * 1 holdout; k ≥ 2 folds) on the outer split's training rows.
 * Classification (`classAt`, `classes`): every class needs two training rows, and k falls to the
 * rarest class's count when that is fewer, saying so.
 */
export function validationPlan(train: Int32Array, requested: number, seed: number, labels?: { classAt: Int32Array; classes: readonly string[] }): ValidationPlan {
  const messages: string[] = [];
  const holdout = requested === 1 || (requested === 0 && train.length > HOLDOUT_ABOVE_ROWS);
  let k = holdout ? HOLDOUT_FOLDS : requested === 0 ? AUTO_FOLDS : requested;
  if (labels) {
    const rarest = rarestClass(train, labels.classAt);
    const name = labels.classes[rarest.code];
    if (rarest.present < 2) throw new Error(`The training rows hold one class only ("${name}"): there is nothing to tell apart. AutoML needs two or more classes`);
    if (rarest.rows < 2) throw new Error(`The class "${name}" has only 1 training row: validation needs at least 2 rows of every class (one to fit on, one to check). Add rows of that class, or leave it out with a Filter rows step`);
    if (!holdout && rarest.rows < k) {
      messages.push(`The class "${name}" has only ${rarest.rows} training rows, fewer than the ${k} folds asked for: validating on ${rarest.rows} folds instead`);
      k = rarest.rows;
    }
  } else if (train.length < 2 * k) {
    if (train.length < 4) throw new Error(`Only ${train.length} training rows: AutoML needs at least 4 to fit and validate`);
    const fewer = Math.floor(train.length / 2);
    if (!holdout) messages.push(`Only ${train.length} training rows, too few for ${k} folds: validating on ${fewer} folds instead`);
    k = holdout ? k : fewer;
  }
  const classes = labels ? gather(labels.classAt, train) : null;
  if (holdout) {
    const [fold] = splitFolds(train, foldRows(train, classes, k, seed), [0]);
    return { folds: [fold], k: 1, description: `a 20% holdout of ${count(train.length)} training rows (${count(fold.train.length)} to fit, ${count(fold.validation.length)} to validate)`, messages };
  }
  const repeats = requested === 0 && train.length < REPEAT_BELOW_ROWS ? AUTO_REPEATS : 1;
  const all = Array.from({ length: k }, (_, f) => f);
  const folds = Array.from({ length: repeats }, (_, r) => splitFolds(train, foldRows(train, classes, k, seed + 7919 * r), all)).flat();
  const times = repeats > 1 ? `, repeated ${repeats} times,` : '';
  return { folds, k, description: `${k}-fold cross-validation${times} on ${count(train.length)} training rows`, messages };
}

/**
 * About `share` of `rows`, drawn by `seed`, stratified by class when `classAt` is given: every class
 * keeps its share, and at least one row. Ascending, as the executor's fixed rows are.
 */
export function subsample(rows: Int32Array, share: number, seed: number, classAt?: Int32Array): Int32Array {
  if (share >= 1) return rows;
  const rng = seededRng(seed);
  const { order, starts } = groupByKey(classAt ? gather(classAt, rows) : null, rows.length);
  const kept = new Int32Array(rows.length);
  let size = 0;
  for (let g = 0; g + 1 < starts.length; g++) {
    const group = shuffleInPlace(order.subarray(starts[g], starts[g + 1]), rng);
    const take = Math.max(1, Math.round(group.length * share));
    for (let i = 0; i < take; i++) kept[size++] = rows[group[i]];
  }
  return kept.slice(0, size).sort();
}
