/**
 * Bring a new file's columns to the kinds a fitted pipeline was trained on. A small prediction file
 * can infer differently (a category column whose values all look like numbers); what can be read
 * as the trained kind is converted, what cannot is refused with the column and an example.
 */
import type { CategoricalColumn, Column, ColumnSchema, Table } from './table';
import { cellText, findColumn, isMissing, rowName } from './table';

export class SchemaMismatch extends Error {
  constructor(readonly problems: string[]) {
    super(`The data does not match the model's input schema:\n- ${problems.join('\n- ')}`);
    this.name = 'SchemaMismatch';
  }
}

function asCategorical(column: Column, rowCount: number, kind: 'categorical' | 'boolean'): CategoricalColumn {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const text = cellText(column, r);
    if (text === '') {
      codes[r] = -1;
      continue;
    }
    let code = index.get(text);
    if (code === undefined) {
      code = categories.push(text) - 1;
      index.set(text, code);
    }
    codes[r] = code;
  }
  return { name: column.name, kind, codes, categories };
}

/** A column read as the trained kind, or why it cannot be, with the first cell that shows it (its table row; see rowName). */
export type Conformed = { column: Column } | { problem: string; value?: string; row?: number };

function asNumeric(column: Column, rowCount: number): Conformed {
  const values = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const text = cellText(column, r);
    const v = text === '' ? NaN : Number(text);
    if (text !== '' && Number.isNaN(v)) return { problem: `column "${column.name}" should hold numbers, found "${text}"`, value: text, row: r };
    values[r] = v;
  }
  return { column: { name: column.name, kind: 'numeric', values } };
}

export function conformColumn(column: Column, rowCount: number, expected: ColumnSchema): Conformed {
  if (column.kind === expected.kind) return { column };
  if (expected.kind === 'categorical' || expected.kind === 'boolean') return { column: asCategorical(column, rowCount, expected.kind) };
  if (expected.kind === 'numeric') return asNumeric(column, rowCount);
  const problem = `column "${expected.name}" should be ${expected.kind}, found ${column.kind}`;
  // Any value is an offending one here; the first shows the person what the file holds.
  for (let r = 0; r < rowCount; r++) if (!isMissing(column, r)) return { problem, value: cellText(column, r), row: r };
  return { problem };
}

/** A problem with the row that shows it, as the person can find it (the file's line where there is one). */
export function located(table: Table, conformed: { problem: string; row?: number }): string {
  return conformed.row === undefined ? conformed.problem : `${conformed.problem} (${rowName(table, conformed.row)})`;
}

export function conformToSchema(table: Table, schema: readonly ColumnSchema[]): Table {
  const problems: string[] = [];
  const columns: Column[] = [];
  for (const expected of schema) {
    const column = findColumn(table, expected.name);
    if (!column) {
      problems.push(`column "${expected.name}" is missing (expected ${expected.kind})`);
      continue;
    }
    const conformed = conformColumn(column, table.rowCount, expected);
    if ('column' in conformed) columns.push(conformed.column);
    else problems.push(located(table, conformed));
  }
  if (problems.length) throw new SchemaMismatch(problems);
  return { rowCount: table.rowCount, columns };
}
