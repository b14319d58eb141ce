/**
 * Date columns to numeric year, month, day of week and hour (UTC), which models can use. Dates
 * written as text (15/01/2023, Jan 15, 2023, 20230115 …: table/date-formats.ts) are parsed first,
 * in the format named or, with 'auto', the one the training values are written in.
 */
import { resolveParams } from '../params';
import { DATE_FORMAT_EXAMPLES, DATE_FORMATS, detectDateFormat, parseDateAs, type DateFormat } from '../table/date-formats';
import type { Column, ColumnKind, NumericColumn } from '../table/table';
import { addColumns, columnsParam, pickColumns, requireColumn } from './columns';
import { stepError, type StepKind } from './step';

interface DatePartsState {
  columns: string[];
  keepOriginal: boolean;
  /** The format of each column that held dates as text (or eight-digit numbers); absent in states without any. */
  formats?: Record<string, DateFormat>;
}

const title = 'Date parts';

const params = {
  columns: columnsParam('Date columns (none chosen: all date columns; text ones when chosen)'),
  format: { type: 'enum', label: 'How text dates are written', default: 'auto', options: ['auto', ...DATE_FORMATS] },
  keep_original: { type: 'boolean', label: 'Keep the original column', default: false },
} as const;

const DATE: readonly ColumnKind[] = ['date'];
/** Named columns may also hold dates as text, categories or eight-digit numbers (20230115). */
const DATE_LIKE: readonly ColumnKind[] = ['date', 'categorical', 'text', 'numeric'];

/** Month 1–12 and Monday = 0, as pandas' dt.month and dt.dayofweek. */
const PARTS: readonly [string, (d: Date) => number][] = [
  ['year', (d) => d.getUTCFullYear()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['day_of_week', (d) => (d.getUTCDay() + 6) % 7],
  ['hour', (d) => d.getUTCHours()],
];

/** A cell as the text a date format reads: numbers as whole-number digits (20230115), NaN-free. */
function cellTexts(column: Exclude<Column, { kind: 'date' }>): { distinct: string[]; at: (row: number) => string | null } {
  switch (column.kind) {
    case 'numeric': {
      const at = (r: number) => {
        const v = column.values[r];
        return Number.isInteger(v) ? String(v) : null;
      };
      return { distinct: [...new Set(Array.from(column.values, (_, r) => at(r)).filter((t): t is string => t !== null))], at };
    }
    case 'categorical':
    case 'boolean':
      return { distinct: [...column.categories], at: (r) => (column.codes[r] < 0 ? null : column.categories[column.codes[r]]) };
    case 'text':
      return { distinct: [...new Set(column.values.filter((v): v is string => v !== null))], at: (r) => column.values[r] };
  }
}

/** Epoch milliseconds per row: a date column as it is, any other parsed in `format` (what does not parse is missing). */
function columnDates(column: Column, rowCount: number, format: DateFormat | undefined): Float64Array {
  if (column.kind === 'date') return column.values;
  if (!format) throw stepError(title, `column "${column.name}" is ${column.kind}, and no date format was learned for it`);
  const { at } = cellTexts(column);
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    // Each category is parsed once.
    const parsed = column.categories.map((c) => parseDateAs(c, format));
    return Float64Array.from(column.codes, (code) => (code < 0 ? NaN : parsed[code]));
  }
  const out = new Float64Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const text = at(r);
    out[r] = text === null ? NaN : parseDateAs(text, format);
  }
  return out;
}

function learnFormat(column: Column, format: string): DateFormat | undefined {
  if (column.kind === 'date') return undefined;
  if (format !== 'auto') return format as DateFormat;
  const detected = detectDateFormat(cellTexts(column).distinct);
  if (!detected) {
    const formats = DATE_FORMATS.map((f) => DATE_FORMAT_EXAMPLES[f]).join(', ');
    throw stepError(title, `column "${column.name}" does not hold dates in a format this step reads (${formats})`);
  }
  return detected.format;
}

export const dateParts: StepKind<DatePartsState> = {
  kind: 'date_parts',
  title,
  description:
    'Add <column>_year, _month (1–12), _day_of_week (Monday = 0) and _hour (UTC) as numbers; the date itself is dropped unless kept. Dates written as text (15/01/2023, Jan 15, 2023, 20230115) are read in the format chosen, or the one the training rows use; cells that are not dates become missing.',
  params,
  fit(train, values, context) {
    const p = resolveParams<{ columns: string[]; format: string; keep_original: boolean }>(params, values);
    const columns = pickColumns(train, context, title, p.columns, DATE_LIKE, DATE);
    const formats = Object.fromEntries(columns.flatMap((c) => {
      const format = learnFormat(c, p.format);
      return format ? [[c.name, format]] : [];
    }));
    return { columns: columns.map((c) => c.name), keepOriginal: p.keep_original, ...(Object.keys(formats).length ? { formats } : {}) };
  },
  apply(table, state) {
    const created = state.columns.flatMap((name) => {
      const values = columnDates(requireColumn(table, title, name, DATE_LIKE), table.rowCount, state.formats?.[name]);
      return PARTS.map(([part, of]): NumericColumn => ({
        name: `${name}_${part}`,
        kind: 'numeric',
        values: values.map((ms) => (Number.isNaN(ms) ? NaN : of(new Date(ms)))),
      }));
    });
    return addColumns(table, title, created, state.keepOriginal ? [] : state.columns);
  },
  sources: (state) => Object.fromEntries(state.columns.flatMap((name) => PARTS.map(([part]) => [`${name}_${part}`, [name]]))),
};
