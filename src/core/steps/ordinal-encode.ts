/**
 * Replace categories by their position 0…k−1 among the training categories in sorted order, as
 * scikit-learn's OrdinalEncoder(handle_unknown='use_encoded_value') does; missing cells stay missing.
 */
import { filled } from '../arrays';
import { resolveParams } from '../params';
import type { NumericColumn } from '../table/table';
import { withColumns } from '../table/table';
import { columnsParam, pickCategorical, requireCategorical } from './columns';
import { fittedSlots, presentCategories } from './categories';
import { rowFitting, type StepKind } from './step';

interface OrdinalState {
  columns: Record<string, string[]>;
  /** The number a category unseen in training becomes. */
  unknown: number;
}

const title = 'Ordinal encode';

const params = {
  columns: columnsParam('Columns (none chosen: all categorical and boolean)'),
  unknown_value: { type: 'number', label: 'Value for unseen categories', default: -1 },
} as const;

export const ordinalEncode: StepKind<OrdinalState> = {
  kind: 'ordinal_encode',
  title,
  description: 'Each training category becomes its number 0…k−1 in sorted order; an unseen category becomes the chosen value (−1); missing stays missing.',
  params,
  ...rowFitting((table, rows, values, context) => {
    const p = resolveParams<{ columns: string[]; unknown_value: number }>(params, values);
    const columns = pickCategorical(table, context, title, p.columns).map((c) => [c.name, presentCategories(c, rows)]);
    return { columns: Object.fromEntries(columns), unknown: p.unknown_value };
  }),
  apply(table, state) {
    const encoded = Object.entries(state.columns).map(([name, categories]): NumericColumn => {
      const column = requireCategorical(table, title, name);
      const slots = fittedSlots(column, categories);
      const values = filled(new Float64Array(slots.length), (row) => (column.codes[row] < 0 ? NaN : slots[row] >= 0 ? slots[row] : state.unknown));
      return { name, kind: 'numeric', values };
    });
    return withColumns(table, encoded);
  },
};
