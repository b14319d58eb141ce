/** From a preprocessed table to the model's matrix, and from a target column to training labels. */
import type { ModelDescriptor } from '../models/contract';
import type { FeatureColumns, FeatureInfo } from '../models/data';
import type { Column, Table } from '../table/table';
import { cellText, getColumn, isMissing, rowName } from '../table/table';

/** The preprocessed columns a model reads, by what its kind accepts, and those it cannot read (reported, not silently used). */
export function selectFeatures(table: Table, target: string, accepts: ModelDescriptor['accepts']): { used: FeatureInfo[]; ignored: Column[] } {
  const used: FeatureInfo[] = [];
  const ignored: Column[] = [];
  for (const c of table.columns) {
    if (c.name === target) continue;
    if (c.kind === 'numeric') used.push({ name: c.name });
    else if (accepts.categorical && (c.kind === 'categorical' || c.kind === 'boolean')) used.push({ name: c.name, categories: c.categories });
    else ignored.push(c);
  }
  return { used, ignored };
}

/**
 * Each feature's values at `rows`, column-major, as the model contract takes them: numbers as they
 * are, categories as codes into the feature's own categories (the training ones: a table read later
 * has its own dictionary, so codes are matched by label; a category the model never saw is missing).
 * A missing value stops here, naming its row, unless the model reads missing values.
 */
export function featureColumns(table: Table, features: readonly FeatureInfo[], rows: ArrayLike<number>, accepts: ModelDescriptor['accepts']): FeatureColumns {
  const columns = features.map(({ name, categories }) => {
    const column = getColumn(table, name);
    const out = new Float64Array(rows.length);
    if (column.kind === 'numeric') {
      for (let i = 0; i < rows.length; i++) out[i] = column.values[rows[i]];
    } else if (categories && (column.kind === 'categorical' || column.kind === 'boolean')) {
      const index = new Map(categories.map((c, code) => [c, code]));
      const codeOf = Float64Array.from(column.categories, (c) => index.get(c) ?? NaN);
      for (let i = 0; i < rows.length; i++) {
        const code = column.codes[rows[i]];
        out[i] = code < 0 ? NaN : codeOf[code];
      }
    } else {
      throw new Error(`Model input "${name}" must be ${categories ? 'categorical' : 'numeric'}, found ${column.kind}`);
    }
    if (!accepts.missing) {
      const at = out.findIndex(Number.isNaN);
      if (at >= 0) throw new Error(`Model input "${name}" has a missing value (${rowName(table, rows[at])}): add an Impute step before the model`);
    }
    return out;
  });
  return { rows: rows.length, columns };
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
