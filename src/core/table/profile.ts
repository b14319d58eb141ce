/** What the data panel shows per column, and the task that predicting a column means. */
import { countFloats } from '../profile/distinct';
import type { Column, ColumnKind, Table } from './table';

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  missing: number;
  /** Distinct non-missing values (a lower bound when `uniqueAtLeast`). */
  unique: number;
  /** Set when a numeric or date column has so many distinct values that counting stopped at LOAD_DISTINCT_CAP. */
  uniqueAtLeast?: true;
}

/**
 * Past this many distinct numbers the load's profile stops counting them: a million-row column of
 * measurements would otherwise cost a fifth of the whole load. The Profile panel counts exactly.
 */
export const LOAD_DISTINCT_CAP = 100_000;

/** Up to this many distinct integers, a numeric target reads as class labels (0/1, ratings 1–5). */
export const MAX_INTEGER_CLASSES = 10;

/** Missing cells and distinct values of a Float64Array, NaN being missing: one hashing pass, no sort and no Set. */
function countFloatCells(values: Float64Array): { missing: number; unique: number; uniqueAtLeast?: true } {
  const { missing, distinct, atLeast } = countFloats(values, 0, LOAD_DISTINCT_CAP);
  return { missing, unique: distinct, ...(atLeast ? { uniqueAtLeast: atLeast } : {}) };
}

function countCodes(codes: Int32Array, categoryCount: number): { missing: number; unique: number } {
  // Count codes actually used: a boolean column may list a spelling it never holds.
  const used = new Uint8Array(categoryCount);
  let missing = 0;
  for (const code of codes) {
    if (code < 0) missing++;
    else used[code] = 1;
  }
  let unique = 0;
  for (const u of used) unique += u;
  return { missing, unique };
}

function countStrings(values: readonly (string | null)[]): { missing: number; unique: number } {
  const seen = new Set<string>();
  let missing = 0;
  for (const v of values) {
    if (v === null) missing++;
    else seen.add(v);
  }
  return { missing, unique: seen.size };
}

export function profileColumn(column: Column): ColumnProfile {
  const { name, kind } = column;
  switch (column.kind) {
    case 'numeric':
    case 'date':
      return { name, kind, ...countFloatCells(column.values) };
    case 'categorical':
    case 'boolean':
      return { name, kind, ...countCodes(column.codes, column.categories.length) };
    case 'text':
      return { name, kind, ...countStrings(column.values) };
  }
}

export function profileTable(table: Table): ColumnProfile[] {
  return table.columns.map(profileColumn);
}

/** Whether predicting `column` is classification or regression; dates and free text cannot be targets. */
export function inferTask(column: Column): 'classification' | 'regression' {
  switch (column.kind) {
    case 'categorical':
    case 'boolean':
      return 'classification';
    case 'numeric': {
      const seen = new Set<number>();
      for (const v of column.values) {
        if (v !== v) continue;
        if (!Number.isInteger(v)) return 'regression';
        seen.add(v);
        if (seen.size > MAX_INTEGER_CLASSES) return 'regression';
      }
      return 'classification';
    }
    case 'date':
    case 'text':
      throw new Error(
        `Column "${column.name}" holds ${column.kind === 'date' ? 'dates' : 'free text'} and cannot be the target: pick a numeric or categorical column.`,
      );
  }
}
