/** From a preprocessed table to the model's matrix, and from a target column to training labels. */
import type { Column, Table } from '../table/table';
import { cellText, getColumn, isMissing, rowName } from '../table/table';

export interface FeatureMatrix {
  x: Float32Array;
  rows: number;
  features: number;
}

/** Numeric columns other than the target feed the model; the rest are reported, not silently used. */
export function selectFeatures(table: Table, target: string): { used: string[]; ignored: Column[] } {
  const used: string[] = [];
  const ignored: Column[] = [];
  for (const c of table.columns) {
    if (c.name === target) continue;
    if (c.kind === 'numeric') used.push(c.name);
    else ignored.push(c);
  }
  return { used, ignored };
}

export function featureMatrix(table: Table, features: readonly string[], rows: ArrayLike<number>): FeatureMatrix {
  const d = features.length;
  const x = new Float32Array(rows.length * d);
  features.forEach((name, j) => {
    const column = getColumn(table, name);
    if (column.kind !== 'numeric') throw new Error(`Model input "${name}" must be numeric, found ${column.kind}`);
    for (let i = 0; i < rows.length; i++) {
      const v = column.values[rows[i]];
      if (Number.isNaN(v)) {
        throw new Error(`Model input "${name}" has a missing value (${rowName(table, rows[i])}): add an Impute step before the model`);
      }
      x[i * d + j] = v;
    }
  });
  return { x, rows: rows.length, features: d };
}

/** Rows whose target is present: the only ones a model can learn from or be scored on. */
export function labelledRows(target: Column, rowCount: number): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    if (!isMissing(target, r)) rows.push(r);
  }
  return Int32Array.from(rows);
}

/** Classes as sorted labels (numbers in numeric order) and each labelled row's class index. */
export function encodeClasses(target: Column, rows: Int32Array): { classes: string[]; y: Int32Array } {
  const labels = Array.from(rows, (r) => cellText(target, r));
  const distinct = [...new Set(labels)];
  const classes = target.kind === 'numeric' ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  return { classes, y: Int32Array.from(labels, (l) => index.get(l) as number) };
}

export function numericTarget(target: Column, rows: Int32Array): Float64Array {
  if (target.kind !== 'numeric') throw new Error(`Regression needs a numeric target; "${target.name}" is ${target.kind}`);
  return Float64Array.from(rows, (r) => target.values[r]);
}

/** The target, read once per run: which source rows are labelled, and each row's class or value. */
export interface TargetLabels {
  labelled: Int32Array;
  classes?: string[];
  /** Class index per source row (classification), -1 where the target is missing. */
  classAt?: Int32Array;
  /** Value per source row (regression), NaN where missing. */
  valueAt?: Float64Array;
}

export function readTarget(table: Table, target: string, task: 'classification' | 'regression'): TargetLabels {
  const column = getColumn(table, target);
  const labelled = labelledRows(column, table.rowCount);
  if (labelled.length < 2) throw new Error(`The target "${target}" has fewer than two rows with a value`);
  if (task === 'regression') {
    const valueAt = new Float64Array(table.rowCount).fill(NaN);
    numericTarget(column, labelled).forEach((v, i) => (valueAt[labelled[i]] = v));
    return { labelled, valueAt };
  }
  const { classes, y } = encodeClasses(column, labelled);
  if (classes.length < 2) throw new Error(`The target "${target}" has only one class; classification needs two or more`);
  const classAt = new Int32Array(table.rowCount).fill(-1);
  y.forEach((c, i) => (classAt[labelled[i]] = c));
  return { labelled, classes, classAt };
}
