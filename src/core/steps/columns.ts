/** Which columns a step acts on, and how it adds the columns it creates. */
import type { ParamSchema } from '../params';
import type { CategoricalColumn, Column, ColumnKind, NumericColumn, Table } from '../table/table';
import { findColumn, withColumns } from '../table/table';
import { featureColumns, stepError, type StepContext } from './step';

export const NUMERIC: readonly ColumnKind[] = ['numeric'];
export const CATEGORICAL: readonly ColumnKind[] = ['categorical', 'boolean'];

/** The `columns` parameter most steps take: an empty list means every column the step applies to. */
export function columnsParam(label = 'Columns (none chosen: all that apply)'): ParamSchema {
  return { type: 'columns', label, default: [] };
}

/** The column `name`, which must exist (and, when `kinds` is given, be of one of them). */
export function requireColumn(table: Table, title: string, name: string, kinds?: readonly ColumnKind[]): Column {
  const column = findColumn(table, name);
  if (!column) throw stepError(title, `column "${name}" is not in the data`);
  if (kinds && !kinds.includes(column.kind)) {
    throw stepError(title, `column "${name}" is ${column.kind}; this step takes ${kinds.join(' or ')} columns`);
  }
  return column;
}

/** A named column other than the target, for steps that must not touch it. */
export function requireFeature(table: Table, title: string, name: string, context: StepContext, kinds?: readonly ColumnKind[]): Column {
  if (name === '') throw stepError(title, 'choose a column');
  if (name === context.target) throw stepError(title, `column "${name}" is the target, which preprocessing steps leave alone`);
  return requireColumn(table, title, name, kinds);
}

/**
 * The columns named in `names`, or, when none are, every feature column of the kinds in
 * `byDefault` (which may be narrower than the kinds the step accepts when named).
 */
export function pickColumns(
  table: Table,
  context: StepContext,
  title: string,
  names: readonly string[],
  kinds: readonly ColumnKind[],
  byDefault: readonly ColumnKind[] = kinds,
): Column[] {
  if (names.length === 0) return featureColumns(table, context).filter((c) => byDefault.includes(c.kind));
  return [...new Set(names)].map((name) => requireFeature(table, title, name, context, kinds));
}

export function pickNumeric(table: Table, context: StepContext, title: string, names: readonly string[]): NumericColumn[] {
  return pickColumns(table, context, title, names, NUMERIC) as NumericColumn[];
}

export function pickCategorical(table: Table, context: StepContext, title: string, names: readonly string[]): CategoricalColumn[] {
  return pickColumns(table, context, title, names, CATEGORICAL) as CategoricalColumn[];
}

export function requireNumeric(table: Table, title: string, name: string): NumericColumn {
  return requireColumn(table, title, name, NUMERIC) as NumericColumn;
}

export function requireCategorical(table: Table, title: string, name: string): CategoricalColumn {
  return requireColumn(table, title, name, CATEGORICAL) as CategoricalColumn;
}

/**
 * Append `created` and drop `removed`. A created name that the table already uses (and does not
 * drop) is an error: silently overwriting a person's column would corrupt their data.
 */
export function addColumns(table: Table, title: string, created: readonly Column[], removed: readonly string[] = []): Table {
  const taken = new Set(table.columns.map((c) => c.name));
  for (const name of removed) taken.delete(name);
  for (const c of created) {
    if (taken.has(c.name)) throw stepError(title, `it would create column "${c.name}", but a column of that name already exists; rename or drop it first`);
    taken.add(c.name);
  }
  return withColumns(table, created, removed);
}
