/** Train/test row assignment: seeded, stratified by class for classification (DESIGN.md: split node). */
import { resolveParams, type ParamsSchema } from '../params';
import type { ParamValue } from './spec';
import { seededRng, shuffleInPlace } from '../random';
import { cellText, getColumn, type Table } from '../table/table';

export const splitParams: ParamsSchema = {
  test_fraction: { type: 'number', label: 'Test fraction', default: 0.2, min: 0.05, max: 0.95 },
  stratify: { type: 'boolean', label: 'Stratify by class', default: true },
  seed: { type: 'number', label: 'Seed', default: 42, integer: true, min: 0 },
  group: { type: 'column', label: 'Group column (rows of one group stay on one side; empty = none)', default: '' },
  folds: { type: 'number', label: 'Cross-validation folds on the training rows (0 = none)', default: 0, min: 0, max: 20, integer: true },
};

export interface RowSplit {
  train: Int32Array;
  test: Int32Array;
}

/**
 * `rows` are the labelled rows; `groups` gives each row's class when stratifying. Each class
 * contributes round(n_class × fraction) test rows, at least one when it has two or more rows.
 * With `groupOf` (a group code per row), whole groups go to one side instead, as scikit-learn's
 * GroupShuffleSplit does: no group is split between training and test.
 */
export function splitRows(rows: Int32Array, groups: Int32Array | null, values: Record<string, ParamValue>, seedOverride?: number, groupOf?: Int32Array | null): RowSplit {
  const p = resolveParams<{ test_fraction: number; stratify: boolean; seed: number }>(splitParams, values);
  const rng = seededRng(seedOverride ?? p.seed);
  if (groupOf) return splitByGroup(rows, groupOf, p.test_fraction, rng);
  const buckets = new Map<number, number[]>();
  rows.forEach((row, i) => {
    const key = p.stratify && groups ? groups[i] : 0;
    const bucket = buckets.get(key) ?? [];
    bucket.push(row);
    buckets.set(key, bucket);
  });
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = Int32Array.from(buckets.get(key) ?? []);
    shuffleInPlace(bucket, rng);
    let take = Math.round(bucket.length * p.test_fraction);
    if (take === 0 && bucket.length >= 2) take = 1;
    test.push(...bucket.subarray(0, take));
    train.push(...bucket.subarray(take));
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: Int32Array.from(train.sort(ascending)), test: Int32Array.from(test.sort(ascending)) };
}

function splitByGroup(rows: Int32Array, groupOf: Int32Array, fraction: number, rng: () => number): RowSplit {
  const distinct = Int32Array.from(new Set(groupOf)).sort();
  if (distinct.length < 2) throw new Error('Splitting by group needs at least two groups in the group column');
  shuffleInPlace(distinct, rng);
  const testGroups = new Set<number>();
  const size = new Map<number, number>();
  for (const g of groupOf) size.set(g, (size.get(g) ?? 0) + 1);
  let taken = 0;
  // Whole groups go to the test side until it holds its share of the rows; one group always stays for training.
  for (const g of distinct.subarray(0, distinct.length - 1)) {
    if (taken >= fraction * rows.length) break;
    testGroups.add(g);
    taken += size.get(g) ?? 0;
  }
  const isTest = (i: number) => testGroups.has(groupOf[i]);
  return { train: rows.filter((_, i) => !isTest(i)), test: rows.filter((_, i) => isTest(i)) };
}

/** A group code per source row from the split's group column, or null when none is set. Missing cells form one group. */
export function groupCodes(table: Table, column: string): Int32Array | null {
  if (column === '') return null;
  const c = getColumn(table, column);
  const codes = new Map<string, number>();
  return Int32Array.from({ length: table.rowCount }, (_, r) => {
    const key = cellText(c, r);
    let code = codes.get(key);
    if (code === undefined) codes.set(key, (code = codes.size));
    return code;
  });
}

/**
 * The fold (0..folds−1) of each of `rows`, seeded; stratified by class when `classes` is given:
 * each class is shuffled and dealt round-robin, so every fold gets its share of every class.
 */
export function foldRows(rows: Int32Array, classes: Int32Array | null, folds: number, seed: number): Int32Array {
  const rng = seededRng(seed);
  const fold = new Int32Array(rows.length);
  const byClass = new Map<number, number[]>();
  rows.forEach((_, i) => {
    const key = classes ? classes[i] : 0;
    const members = byClass.get(key) ?? [];
    members.push(i);
    byClass.set(key, members);
  });
  let next = 0;
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(Int32Array.from(byClass.get(key) ?? []), rng);
    for (const i of members) fold[i] = next++ % folds;
  }
  return fold;
}
