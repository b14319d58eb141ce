/** Fill missing cells: numeric with the training median (or mean), categories with the most frequent. */
import { resolveParams } from '../params';
import type { CategoricalColumn, Column } from '../table/table';
import { withColumns } from '../table/table';
import { featureColumns, type StepKind } from './step';

interface ImputeState {
  numeric: Record<string, number>;
  categorical: Record<string, string>;
}

const params = {
  numeric: { type: 'enum', label: 'Numeric columns', default: 'median', options: ['median', 'mean'] },
} as const;

function median(values: Float64Array): number {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0) return 0;
  const mid = present.length >> 1;
  return present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

function mean(values: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n ? sum / n : 0;
}

/** Ties go to the category that sorts first, as scikit-learn's most_frequent does. */
function mostFrequent(column: CategoricalColumn): string | undefined {
  const counts = new Int32Array(column.categories.length);
  for (const code of column.codes) if (code >= 0) counts[code]++;
  let best: string | undefined;
  let bestCount = 0;
  column.categories.forEach((category, code) => {
    const count = counts[code];
    const better = count > bestCount || (count > 0 && count === bestCount && best !== undefined && category < best);
    if (better) {
      best = category;
      bestCount = count;
    }
  });
  return best;
}

function fillCategory(column: CategoricalColumn, value: string): CategoricalColumn {
  let fill = column.categories.indexOf(value);
  const categories = fill >= 0 ? column.categories : [...column.categories, value];
  if (fill < 0) fill = categories.length - 1;
  const codes = column.codes.map((code) => (code < 0 ? fill : code));
  return { ...column, codes, categories };
}

export const impute: StepKind<ImputeState> = {
  kind: 'impute',
  title: 'Impute missing values',
  description: 'Numeric: median or mean of the training rows. Categorical: the most frequent training category.',
  params,
  fit(train, values, context) {
    const p = resolveParams<{ numeric: 'median' | 'mean' }>(params, values);
    const state: ImputeState = { numeric: {}, categorical: {} };
    for (const c of featureColumns(train, context)) {
      if (c.kind === 'numeric') state.numeric[c.name] = p.numeric === 'median' ? median(c.values) : mean(c.values);
      else if (c.kind === 'categorical' || c.kind === 'boolean') {
        const fill = mostFrequent(c);
        if (fill !== undefined) state.categorical[c.name] = fill;
      }
    }
    return state;
  },
  apply(table, state) {
    const filled: Column[] = [];
    for (const c of table.columns) {
      if (c.kind === 'numeric' && c.name in state.numeric) {
        const fill = state.numeric[c.name];
        filled.push({ ...c, values: c.values.map((v) => (Number.isNaN(v) ? fill : v)) });
      } else if ((c.kind === 'categorical' || c.kind === 'boolean') && c.name in state.categorical) {
        filled.push(fillCategory(c, state.categorical[c.name]));
      }
    }
    return withColumns(table, filled);
  },
};
