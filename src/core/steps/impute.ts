/**
 * Fill missing cells with a value learned from the training rows (scikit-learn SimpleImputer):
 * numeric columns with the median, mean or a constant; categorical and boolean columns with the
 * most frequent category or a constant. Optionally adds a 0/1 `<column>_missing` indicator for each
 * column that had gaps in training, as SimpleImputer(add_indicator=True) does.
 */
import { countPresent, filled } from '../arrays';
import { resolveParams } from '../params';
import type { CategoricalColumn, Column, NumericColumn } from '../table/table';
import { isMissing, withColumns } from '../table/table';
import { columnsParam, CATEGORICAL, NUMERIC, addColumns, pickColumns, requireCategorical, requireColumn, requireNumeric } from './columns';
import { categoryCounts } from './categories';
import { mean, presentValues, quantiles } from './stats';
import { rowFitting, type StepKind } from './step';

interface ImputeState {
  numeric: Record<string, number>;
  categorical: Record<string, string>;
  /** Columns that get a `<column>_missing` indicator; absent in states fitted without indicators. */
  indicators?: string[];
}

interface ImputeParams {
  columns: string[];
  numeric: 'median' | 'mean' | 'constant';
  numeric_fill: number;
  categorical: 'most_frequent' | 'constant';
  categorical_fill: string;
  add_indicator: boolean;
}

const title = 'Impute missing values';

const params = {
  columns: columnsParam('Columns (none chosen: all numeric, categorical and boolean)'),
  numeric: { type: 'enum', label: 'Numeric columns', default: 'median', options: ['median', 'mean', 'constant'] },
  numeric_fill: { type: 'number', label: 'Numeric constant', default: 0 },
  categorical: { type: 'enum', label: 'Categorical columns', default: 'most_frequent', options: ['most_frequent', 'constant'] },
  categorical_fill: { type: 'string', label: 'Categorical constant', default: 'missing' },
  add_indicator: { type: 'boolean', label: 'Add missing-indicator columns', default: false },
} as const;

function indicatorName(column: string): string {
  return `${column}_missing`;
}

/** Training rows without any value fill with 0, as SimpleImputer(keep_empty_features=True) does. */
function numericFill(column: NumericColumn, rows: Int32Array, p: ImputeParams): number {
  if (p.numeric === 'constant') return p.numeric_fill;
  const present = presentValues(column.values, rows);
  if (present.length === 0) return 0;
  return p.numeric === 'mean' ? mean(present) : quantiles(present, [0.5])[0];
}

/** Ties go to the category that sorts first, as scikit-learn's most_frequent does. */
function mostFrequent(column: CategoricalColumn, rows: Int32Array): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [category, count] of categoryCounts(column, rows)) {
    if (count > bestCount || (count === bestCount && best !== undefined && category < best)) [best, bestCount] = [category, count];
  }
  return best;
}

/**
 * A constant that is not one of a boolean column's two spellings makes it an ordinary categorical
 * column: code 0 and 1 then no longer mean false and true.
 */
function fillCategory(column: CategoricalColumn, value: string): CategoricalColumn {
  const known = column.categories.indexOf(value);
  const categories = known >= 0 ? column.categories : [...column.categories, value];
  const fill = known >= 0 ? known : categories.length - 1;
  const kind = known >= 0 ? column.kind : 'categorical';
  return { ...column, kind, categories, codes: filled(new Int32Array(column.codes.length), (r) => (column.codes[r] < 0 ? fill : column.codes[r])) };
}

function hasGaps(column: Column, rows: Int32Array): boolean {
  for (const r of rows) if (isMissing(column, r)) return true;
  return false;
}

export const impute: StepKind<ImputeState> = {
  kind: 'impute',
  title,
  description: 'Numeric: median, mean or a constant from the training rows. Categorical: the most frequent training category or a constant. Optionally a 0/1 column marking where values were missing.',
  params,
  ...rowFitting((table, rows, values, context) => {
    const p = resolveParams<ImputeParams>(params, values);
    const numeric: [string, number][] = [];
    const categorical: [string, string][] = [];
    const columns = pickColumns(table, context, title, p.columns, [...NUMERIC, ...CATEGORICAL]);
    for (const c of columns) {
      if (c.kind === 'numeric') numeric.push([c.name, numericFill(c, rows, p)]);
      else if (c.kind === 'categorical' || c.kind === 'boolean') {
        const fill = p.categorical === 'constant' ? p.categorical_fill : mostFrequent(c, rows);
        if (fill !== undefined) categorical.push([c.name, fill]);
      }
    }
    const state: ImputeState = { numeric: Object.fromEntries(numeric), categorical: Object.fromEntries(categorical) };
    if (p.add_indicator) state.indicators = columns.filter((c) => hasGaps(c, rows)).map((c) => c.name);
    return state;
  }),
  apply(table, state) {
    const indicators: NumericColumn[] = (state.indicators ?? []).map((name) => {
      const column = requireColumn(table, title, name);
      const values = filled(new Float64Array(table.rowCount), (r) => (isMissing(column, r) ? 1 : 0));
      return { name: indicatorName(name), kind: 'numeric', values };
    });
    const imputed: Column[] = [
      ...Object.entries(state.numeric).map(([name, fill]): Column => {
        const column = requireNumeric(table, title, name);
        // A column without gaps is kept as it is: a copy of a million-row column would only cost memory.
        if (countPresent(column.values) === table.rowCount) return column;
        return { ...column, values: column.values.map((v) => (Number.isNaN(v) ? fill : v)) };
      }),
      ...Object.entries(state.categorical).map(([name, fill]) => fillCategory(requireCategorical(table, title, name), fill)),
    ];
    return addColumns(withColumns(table, imputed), title, indicators);
  },
  sources: (state) => Object.fromEntries((state.indicators ?? []).map((name) => [indicatorName(name), [name]])),
};
