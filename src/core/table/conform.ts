/**
 * Bring a new file's columns to the kinds a fitted pipeline was trained on. A small prediction file
 * can infer differently (a category column whose values all look like numbers); what can be read
 * as the trained kind is converted, what cannot is refused with the column and an example.
 */
import type { CategoricalColumn, Column, ColumnSchema, Table } from './table';
import { cellText, findColumn } from './table';

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

function asNumeric(column: Column, rowCount: number): Column | string {
  const values = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const text = cellText(column, r);
    const v = text === '' ? NaN : Number(text);
    if (text !== '' && Number.isNaN(v)) return `column "${column.name}" should hold numbers, found "${text}" (data row ${r})`;
    values[r] = v;
  }
  return { name: column.name, kind: 'numeric', values };
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
    if (column.kind === expected.kind) columns.push(column);
    else if (expected.kind === 'categorical' || expected.kind === 'boolean') columns.push(asCategorical(column, table.rowCount, expected.kind));
    else if (expected.kind === 'numeric') {
      const converted = asNumeric(column, table.rowCount);
      if (typeof converted === 'string') problems.push(converted);
      else columns.push(converted);
    } else problems.push(`column "${expected.name}" should be ${expected.kind}, found ${column.kind}`);
  }
  if (problems.length) throw new SchemaMismatch(problems);
  return { rowCount: table.rowCount, columns };
}
