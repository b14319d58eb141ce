/**
 * Read a column as another kind: numbers that are really codes become categories, categories that
 * are really numbers become numeric, two-valued columns booleans, date strings dates, anything free
 * text. Nothing is learned.
 */
import { filled } from '../arrays';
import { resolveParams } from '../params';
import { conformColumn, located } from '../table/conform';
import { booleanCategories, parseDate, parseNumber } from '../table/kinds';
import type { CategoricalColumn, Column, DateColumn, NumericColumn, Table, TextColumn } from '../table/table';
import { cellText, isMissing, rowName, withColumns } from '../table/table';
import { requireColumn, requireFeature } from './columns';
import { stepError, type StepKind } from './step';

/** The kinds a column can be read as: also what the Columns table offers, and what a dataset's overrides may say. */
export const CAST_KINDS = ['numeric', 'categorical', 'boolean', 'date', 'text'] as const;
/** What a cell that is not a number (or not a date) does in a numeric (date) cast: stop the run, or become missing. */
const ON_INVALID = ['stop', 'missing'] as const;

interface CastState {
  column: string;
  to: (typeof CAST_KINDS)[number];
  invalid: (typeof ON_INVALID)[number];
}

const title = 'Cast kind';

const params = {
  column: { type: 'column', label: 'Column', default: '', required: true },
  to: { type: 'enum', label: 'New kind', default: 'categorical', options: CAST_KINDS },
  invalid: { type: 'enum', label: 'Cells that do not fit', default: 'stop', options: ON_INVALID },
} as const;

/** Numbers where the cells hold them, missing elsewhere (stray text such as "n/k" included). */
function numbersOrMissing(column: CategoricalColumn | TextColumn): NumericColumn {
  const { name } = column;
  if (column.kind === 'text') return { name, kind: 'numeric', values: filled(new Float64Array(column.values.length), (r) => (column.values[r] === null ? NaN : parseNumber(column.values[r] as string))) };
  const numbers = column.categories.map(parseNumber);
  return { name, kind: 'numeric', values: filled(new Float64Array(column.codes.length), (r) => (column.codes[r] < 0 ? NaN : numbers[column.codes[r]])) };
}

/** Two values (or one) as false/true: boolean spellings in their order, any other pair sorted. */
function asBoolean(column: Column, rowCount: number): CategoricalColumn {
  const texts = Array.from({ length: rowCount }, (_, r) => (isMissing(column, r) ? null : cellText(column, r)));
  const distinct = [...new Set(texts.filter((t): t is string => t !== null))];
  if (distinct.length > 2) {
    const shown = distinct.slice(0, 3).map((v) => `"${v}"`).join(', ');
    throw stepError(title, `column "${column.name}" holds ${distinct.length} different values (${shown}…); a boolean holds two`);
  }
  const categories: string[] = booleanCategories(distinct) ?? distinct.sort();
  return { name: column.name, kind: 'boolean', codes: filled(new Int32Array(rowCount), (r) => (texts[r] === null ? -1 : categories.indexOf(texts[r] as string))), categories };
}

/** Numbers are read as milliseconds since 1970 (what a date becomes in a numeric cast); text as ISO-like dates. */
function asDate(table: Table, column: Column, invalid: CastState['invalid']): DateColumn {
  const { name } = column;
  if (column.kind === 'numeric') return { name, kind: 'date', values: column.values };
  const values = new Float64Array(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) {
    const text = isMissing(column, r) ? null : cellText(column, r);
    values[r] = text === null ? NaN : parseDate(text);
    if (text !== null && Number.isNaN(values[r]) && invalid === 'stop') throw stepError(title, `column "${name}" should hold dates, found "${text}" (${rowName(table, r)})`);
  }
  return { name, kind: 'date', values };
}

function cast(table: Table, column: Column, { to, invalid }: CastState): Column {
  const { name } = column;
  const { rowCount } = table;
  if (column.kind === to) return column;
  if (to === 'boolean') return asBoolean(column, rowCount);
  if (to === 'date') return asDate(table, column, invalid);
  if (to === 'text') return { name, kind: 'text', values: Array.from({ length: rowCount }, (_, r) => (isMissing(column, r) ? null : cellText(column, r))) };
  // Booleans count as 0/1 and dates as milliseconds since 1970; their text forms are not numbers.
  if (to === 'numeric' && column.kind === 'boolean') return { name, kind: 'numeric', values: filled(new Float64Array(rowCount), (r) => (column.codes[r] < 0 ? NaN : column.codes[r])) };
  if (to === 'numeric' && column.kind === 'date') return { name, kind: 'numeric', values: column.values };
  if (to === 'numeric' && invalid === 'missing' && (column.kind === 'categorical' || column.kind === 'text')) return numbersOrMissing(column);
  const conformed = conformColumn(column, rowCount, { name, kind: to });
  if ('problem' in conformed) throw stepError(title, located(table, conformed));
  return conformed.column;
}

function apply(table: Table, state: CastState): Table {
  return withColumns(table, [cast(table, requireColumn(table, title, state.column), state)]);
}

export const castKind: StepKind<CastState> = {
  kind: 'cast_kind',
  title,
  description:
    'Read a column as numeric, categorical, boolean, date or text. Booleans become 0/1, dates milliseconds since 1970 (and numbers dates the same way); a value that does not fit stops the run with its row, or becomes missing if you choose.',
  params,
  fit(train, values, context) {
    const { column, to, invalid } = resolveParams<CastState>(params, values);
    requireFeature(train, title, column, context);
    return { column, to, invalid };
  },
  apply,
};
