/** Keep only the chosen columns (and the target, which steps never remove). */
import { resolveParams } from '../params';
import { requireColumn } from './columns';
import { featureColumns, type StepKind } from './step';

interface SelectState {
  keep: string[];
  target: string;
}

const title = 'Select columns';

const params = {
  columns: { type: 'columns', label: 'Columns to keep (none chosen: all)', default: [] },
} as const;

export const selectColumns: StepKind<SelectState> = {
  kind: 'select_columns',
  title,
  description: 'Keep the chosen columns and drop every other one; the target always stays.',
  params,
  fit(train, values, context) {
    const { columns } = resolveParams<{ columns: string[] }>(params, values);
    const chosen = columns.length ? columns : featureColumns(train, context).map((c) => c.name);
    for (const name of chosen) requireColumn(train, title, name);
    return { keep: [...new Set(chosen)], target: context.target };
  },
  apply(table, state) {
    for (const name of state.keep) requireColumn(table, title, name);
    const keep = new Set([...state.keep, state.target]);
    // The target is absent from prediction files; the table's own order is kept.
    return { ...table, columns: table.columns.filter((c) => keep.has(c.name)) };
  },
};
