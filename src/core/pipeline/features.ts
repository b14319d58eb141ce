/** From a preprocessed table to the model's matrix, and from a target column to training labels. */
import { gather } from '../arrays';
import type { ModelDescriptor } from '../models/contract';
import type { FeatureColumns, FeatureInfo } from '../models/data';
import type { Column, Table } from '../table/table';
import { getColumn, isMissing, rowName } from '../table/table';

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
      let at = 0;
      while (at < out.length && out[at] === out[at]) at++;
      if (at < out.length) throw new Error(`Model input "${name}" has a missing value (${rowName(table, rows[at])}): add an Impute step before the model`);
    }
    return out;
  });
  return { rows: rows.length, columns };
}

/** Rows whose target is present: the only ones a model can learn from or be scored on. */
export function labelledRows(target: Column, rowCount: number): Int32Array {
  let count = 0;
  for (let r = 0; r < rowCount; r++) if (!isMissing(target, r)) count++;
  const rows = new Int32Array(count);
  for (let r = 0, k = 0; k < count; r++) if (!isMissing(target, r)) rows[k++] = r;
  return rows;
}

/**
 * A cell's identity as a class: a category's code, a number or date's value, a text itself. Equal
 * keys are equal labels (Map keys compare by SameValueZero, so 0 and −0, both "0", are one class).
 */
function classKeys(target: Column): { keyAt: (row: number) => number | string; label: (key: number | string) => string } {
  switch (target.kind) {
    case 'categorical':
    case 'boolean':
      return { keyAt: (r) => target.codes[r], label: (code) => target.categories[code as number] };
    case 'numeric':
      return { keyAt: (r) => target.values[r], label: String };
    case 'date':
      return { keyAt: (r) => target.values[r], label: (ms) => new Date(ms).toISOString() };
    case 'text':
      return { keyAt: (r) => target.values[r] ?? '', label: String };
  }
}

/** Classes as sorted labels (numbers in numeric order) and each labelled row's class index. */
export function encodeClasses(target: Column, rows: Int32Array): { classes: string[]; y: Int32Array } {
  const { keyAt, label } = classKeys(target);
  const classOf = new Map<number | string, number>();
  for (const r of rows) classOf.set(keyAt(r), 0);
  const keys = [...classOf.keys()];
  const labels = keys.map(label);
  const order = keys.map((_, i) => i);
  if (target.kind === 'numeric') order.sort((a, b) => (keys[a] as number) - (keys[b] as number));
  else order.sort((a, b) => (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : 0));
  order.forEach((k, index) => classOf.set(keys[k], index));
  const y = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) y[i] = classOf.get(keyAt(rows[i])) as number;
  return { classes: order.map((k) => labels[k]), y };
}

export function numericTarget(target: Column, rows: Int32Array): Float64Array {
  if (target.kind !== 'numeric') throw new Error(`Regression needs a numeric target; "${target.name}" is ${target.kind}`);
  return gather(target.values, rows);
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
