/**
 * Train/test row assignment: seeded, stratified by class for classification (DESIGN.md: split node).
 * Everything here works on typed arrays in a few linear passes (a counting sort by class, shuffles in
 * place), so that a split of millions of rows costs milliseconds and no per-row JS objects.
 */
import { gather, groupByKey } from '../arrays';
import { resolveParams, type ParamsSchema } from '../params';
import type { ParamValue } from './spec';
import { seededRng, shuffleInPlace } from '../random';
import { getColumn, type Table } from '../table/table';

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
 * With `groupOf` (a group code ≥ 0 per row, as groupCodes gives), whole groups go to one side
 * instead, as scikit-learn's GroupShuffleSplit does: no group is split between training and test.
 */
export function splitRows(rows: Int32Array, groups: Int32Array | null, values: Record<string, ParamValue>, seedOverride?: number, groupOf?: Int32Array | null): RowSplit {
  const p = resolveParams<{ test_fraction: number; stratify: boolean; seed: number }>(splitParams, values);
  const rng = seededRng(seedOverride ?? p.seed);
  if (groupOf) return splitByGroup(rows, groupOf, p.test_fraction, rng);
  const { order, starts } = groupByKey(p.stratify ? groups : null, rows.length);
  const shuffled = gather(rows, order);
  const isTest = new Uint8Array(rows.length);
  let tests = 0;
  for (let g = 0; g + 1 < starts.length; g++) {
    const bucket = shuffleInPlace(shuffled.subarray(starts[g], starts[g + 1]), rng);
    let take = Math.round(bucket.length * p.test_fraction);
    if (take === 0 && bucket.length >= 2) take = 1;
    isTest.fill(1, starts[g], starts[g] + take);
    tests += take;
  }
  return sortedSides(shuffled, isTest, tests);
}

/** The rows marked 1 in `isTest` and the others, each side ascending. */
function sortedSides(rows: Int32Array, isTest: ArrayLike<number>, tests: number): RowSplit {
  const test = new Int32Array(tests);
  const train = new Int32Array(rows.length - tests);
  for (let i = 0, a = 0, b = 0; i < rows.length; i++) {
    if (isTest[i]) test[a++] = rows[i];
    else train[b++] = rows[i];
  }
  return { train: train.sort(), test: test.sort() };
}

function splitByGroup(rows: Int32Array, groupOf: Int32Array, fraction: number, rng: () => number): RowSplit {
  let largest = -1;
  for (const g of groupOf) largest = Math.max(largest, g);
  const size = new Int32Array(largest + 1);
  for (const g of groupOf) size[g]++;
  const distinct = new Int32Array(size.reduce((n, s) => n + (s > 0 ? 1 : 0), 0));
  for (let g = 0, k = 0; g <= largest; g++) if (size[g] > 0) distinct[k++] = g;
  if (distinct.length < 2) throw new Error('Splitting by group needs at least two groups in the group column');
  shuffleInPlace(distinct, rng);
  const testGroup = new Uint8Array(largest + 1);
  let taken = 0;
  // Whole groups go to the test side until it holds its share of the rows; one group always stays for training.
  for (const g of distinct.subarray(0, distinct.length - 1)) {
    if (taken >= fraction * rows.length) break;
    testGroup[g] = 1;
    taken += size[g];
  }
  return sortedSides(rows, groupOf.map((g) => testGroup[g]), taken);
}

/**
 * A group code per source row from the split's group column, or null when none is set: codes
 * 0, 1, 2 … in order of first appearance, equal cells (as displayed) sharing one. Missing cells form one group.
 */
export function groupCodes(table: Table, column: string): Int32Array | null {
  if (column === '') return null;
  const c = getColumn(table, column);
  const codes = new Int32Array(table.rowCount);
  if (c.kind === 'numeric' || c.kind === 'date' || c.kind === 'text') {
    // A Map's keys match by SameValueZero: NaN (missing) is one key, and 0 and −0 (both shown as "0") are one.
    const seen = new Map<number | string, number>();
    for (let r = 0; r < codes.length; r++) {
      const key = c.values[r] ?? '';
      let code = seen.get(key);
      if (code === undefined) seen.set(key, (code = seen.size));
      codes[r] = code;
    }
    return codes;
  }
  // Missing (−1) is the last slot, after the categories.
  const ofSlot = new Int32Array(c.categories.length + 1).fill(-1);
  let next = 0;
  for (let r = 0; r < codes.length; r++) {
    const slot = c.codes[r] < 0 ? c.categories.length : c.codes[r];
    if (ofSlot[slot] < 0) ofSlot[slot] = next++;
    codes[r] = ofSlot[slot];
  }
  return codes;
}

/**
 * The fold (0..folds−1) of each of `rows`, seeded; stratified by class when `classes` is given:
 * each class is shuffled and dealt round-robin, so every fold gets its share of every class.
 */
export function foldRows(rows: Int32Array, classes: Int32Array | null, folds: number, seed: number): Int32Array {
  const rng = seededRng(seed);
  const fold = new Int32Array(rows.length);
  const { order, starts } = groupByKey(classes, rows.length);
  let next = 0;
  for (let g = 0; g + 1 < starts.length; g++) {
    for (const i of shuffleInPlace(order.subarray(starts[g], starts[g + 1]), rng)) fold[i] = next++ % folds;
  }
  return fold;
}

/**
 * Fixed train and test rows (`--test-rows`, a dataset's NAME.test-idx.json): 0-based data-row
 * indices of the file, as pandas numbers the rows it reads.
 */
export interface FixedRows {
  test: ArrayLike<number>;
  /** Without it, every labelled row that is not a test row trains. */
  train?: ArrayLike<number>;
  /**
   * The data rows the reader left out (csv/rows.ts: ParseError.row), ascending. The indices count
   * them and the table does not, so every index after one of them is one row further down the table.
   */
  unread?: ArrayLike<number>;
}

/** Fixed rows that name no row of the file, or one row twice: the split cannot be what its author meant. */
export class RowIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowIndexError';
  }
}

/** How many bad indices a message lists before it gives only their count. */
const LISTED = 5;

/** Indices found wrong in one way: the count and the first few. */
class BadIndices {
  count = 0;
  readonly first: number[] = [];

  add(index: number): void {
    if (this.count++ < LISTED) this.first.push(index);
  }

  describe(list: string, problem: string): string[] {
    if (this.count === 0) return [];
    const what = `${this.count.toLocaleString('en')} row ${this.count === 1 ? 'index is' : 'indices are'}`;
    return [`${list}: ${what} ${problem}: ${this.first.join(', ')}${this.count > this.first.length ? ', …' : ''}`];
  }
}

/** The fixed rows left out of the split: not read from the file, or without a target value. */
export interface FixedRowsLeftOut {
  unread: number;
  unlabelled: number;
}

/**
 * The fixed split on a table of `rowCount` rows, restricted to `labelled` (the rows with a target
 * value). Throws a RowIndexError naming the first few indices (and the count) that are out of range,
 * repeated, or on both sides.
 */
export function fixedSplit(labelled: Int32Array, fixed: FixedRows, rowCount: number): RowSplit & { leftOut: FixedRowsLeftOut } {
  const unread = fixed.unread ?? [];
  const dataRows = rowCount + unread.length;
  // Per data row: 0 not named, 1 a test row, 2 a training row.
  const side = new Uint8Array(dataRows);
  const problems: string[] = [];
  const mark = (indices: ArrayLike<number>, value: 1 | 2, list: string) => {
    const range = new BadIndices();
    const repeated = new BadIndices();
    const both = new BadIndices();
    for (let i = 0; i < indices.length; i++) {
      const r = indices[i];
      if (!Number.isInteger(r) || r < 0 || r >= dataRows) range.add(r);
      else if (side[r] === value) repeated.add(r);
      else if (side[r] !== 0) both.add(r);
      else side[r] = value;
    }
    const rows = `${dataRows.toLocaleString('en')} data rows, 0 to ${(dataRows - 1).toLocaleString('en')}`;
    problems.push(...range.describe(list, `beyond the file's ${rows}`), ...repeated.describe(list, 'given more than once'), ...both.describe(list, 'test rows too'));
  };
  mark(fixed.test, 1, 'test rows');
  if (fixed.train) mark(fixed.train, 2, 'training rows');
  if (problems.length > 0) throw new RowIndexError(problems.join('; '));

  // The table's rows are the data rows but the unread ones, in order.
  const tableSide = new Uint8Array(rowCount);
  let unreadNamed = 0;
  for (let d = 0, t = 0, u = 0; d < dataRows; d++) {
    if (u < unread.length && unread[u] === d) {
      u++;
      if (side[d] !== 0) unreadNamed++;
    } else tableSide[t++] = side[d];
  }
  // Without training rows given, every labelled row that is not a test row trains.
  const trains = (s: number) => s === 2 || (s === 0 && !fixed.train);
  const rows = new Int32Array(labelled.length);
  const isTest = new Uint8Array(labelled.length);
  let tests = 0;
  let kept = 0;
  let namedKept = 0;
  for (const r of labelled) {
    const named = tableSide[r];
    if (named !== 0) namedKept++;
    if (named === 1) {
      isTest[kept] = 1;
      tests++;
      rows[kept++] = r;
    } else if (trains(named)) rows[kept++] = r;
  }
  let namedInTable = 0;
  for (const s of tableSide) if (s !== 0) namedInTable++;
  return { ...sortedSides(rows.subarray(0, kept), isTest, tests), leftOut: { unread: unreadNamed, unlabelled: namedInTable - namedKept } };
}
