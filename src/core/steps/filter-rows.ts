/**
 * Keep the rows that meet one condition on one column. Nothing is learned, so the same condition
 * also filters test rows and prediction files. Rows are dropped with takeRows, which keeps each
 * row's source id (table.rowIds) aligned.
 */
import { resolveParams } from '../params';
import type { Column, Table } from '../table/table';
import { cellText, isMissing, takeRows } from '../table/table';
import { parseDate, parseNumber } from '../table/kinds';
import { requireColumn, requireFeature } from './columns';
import { stepError, type StepKind } from './step';

const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'contains', 'is missing', 'is not missing'] as const;
type Operator = (typeof OPERATORS)[number];

interface FilterState {
  column: string;
  operator: Operator;
  value: string;
}

const title = 'Filter rows';

const params = {
  column: { type: 'column', label: 'Column', default: '', required: true },
  operator: { type: 'enum', label: 'Keep rows where the value', default: '==', options: OPERATORS },
  value: { type: 'string', label: 'Value (a number for numeric columns, a date for date columns)', default: '' },
} as const;

const ORDER: Partial<Record<Operator, (sign: number) => boolean>> = {
  '==': (s) => s === 0,
  '!=': (s) => s !== 0,
  '<': (s) => s < 0,
  '<=': (s) => s <= 0,
  '>': (s) => s > 0,
  '>=': (s) => s >= 0,
};

/** The value as the column compares it: a number for numeric and date columns, else the text itself. */
function operand(column: Column, value: string): number | string {
  if (column.kind !== 'numeric' && column.kind !== 'date') return value;
  const parsed = column.kind === 'numeric' ? parseNumber(value) : parseDate(value);
  if (Number.isNaN(parsed)) {
    throw stepError(title, `column "${column.name}" is ${column.kind}, so the value must be ${column.kind === 'numeric' ? 'a number' : 'a date such as 2024-01-31'}; found "${value}"`);
  }
  return parsed;
}

/** Whether row r is kept. A missing cell meets only "is missing", as a comparison with NULL fails in SQL. */
function rowTest(column: Column, state: FilterState): (row: number) => boolean {
  const { operator, value } = state;
  if (operator === 'is missing') return (r) => isMissing(column, r);
  if (operator === 'is not missing') return (r) => !isMissing(column, r);
  if (operator === 'contains') return (r) => !isMissing(column, r) && cellText(column, r).includes(value);
  const holds = ORDER[operator] as (sign: number) => boolean;
  const against = operand(column, value);
  if (typeof against === 'number') {
    const values = (column as { values: Float64Array }).values;
    return (r) => !Number.isNaN(values[r]) && holds(values[r] - against);
  }
  return (r) => {
    if (isMissing(column, r)) return false;
    const text = cellText(column, r);
    return holds(text < against ? -1 : text > against ? 1 : 0);
  };
}

function filter(table: Table, state: FilterState): Table {
  const test = rowTest(requireColumn(table, title, state.column), state);
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (test(r)) rows.push(r);
  return rows.length === table.rowCount ? table : takeRows(table, rows);
}

export const filterRows: StepKind<FilterState> = {
  kind: 'filter_rows',
  title,
  description: 'Keep only the rows whose value meets a condition (==, !=, <, <=, >, >=, contains, is missing, is not missing). Also applies to test rows and prediction files.',
  params,
  fit(train, values, context) {
    const state = resolveParams<FilterState>(params, values);
    const column = requireFeature(train, title, state.column, context);
    // A bad value is refused now, with the column's kind, rather than at the first row.
    if (ORDER[state.operator]) operand(column, state.value);
    return { column: state.column, operator: state.operator, value: state.value };
  },
  apply: filter,
};
