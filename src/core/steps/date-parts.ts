/** Date columns to numeric year, month, day of week and hour (UTC), which models can use. */
import { resolveParams } from '../params';
import type { DateColumn, NumericColumn } from '../table/table';
import { addColumns, columnsParam, pickColumns, requireColumn } from './columns';
import type { StepKind } from './step';

interface DatePartsState {
  columns: string[];
  keepOriginal: boolean;
}

const title = 'Date parts';

const params = {
  columns: columnsParam('Date columns (none chosen: all)'),
  keep_original: { type: 'boolean', label: 'Keep the original column', default: false },
} as const;

const DATE = ['date'] as const;

/** Month 1–12 and Monday = 0, as pandas' dt.month and dt.dayofweek. */
const PARTS: readonly [string, (d: Date) => number][] = [
  ['year', (d) => d.getUTCFullYear()],
  ['month', (d) => d.getUTCMonth() + 1],
  ['day_of_week', (d) => (d.getUTCDay() + 6) % 7],
  ['hour', (d) => d.getUTCHours()],
];

export const dateParts: StepKind<DatePartsState> = {
  kind: 'date_parts',
  title,
  description: 'Add <column>_year, _month (1–12), _day_of_week (Monday = 0) and _hour (UTC) as numbers; the date itself is dropped unless kept.',
  params,
  fit(train, values, context) {
    const p = resolveParams<{ columns: string[]; keep_original: boolean }>(params, values);
    return { columns: pickColumns(train, context, title, p.columns, DATE).map((c) => c.name), keepOriginal: p.keep_original };
  },
  apply(table, state) {
    const created = state.columns.flatMap((name) => {
      const { values } = requireColumn(table, title, name, DATE) as DateColumn;
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
