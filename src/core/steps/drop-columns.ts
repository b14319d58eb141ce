/** Remove the chosen columns (identifiers, leaks, columns the model should not see). */
import { resolveParams } from '../params';
import { withColumns } from '../table/table';
import { requireColumn, requireFeature } from './columns';
import type { StepKind } from './step';

const title = 'Drop columns';

const params = {
  columns: { type: 'columns', label: 'Columns to drop', default: [] },
} as const;

/** Unlike most steps, no column chosen means none dropped: dropping every feature is never meant. */
export const dropColumns: StepKind<{ drop: string[] }> = {
  kind: 'drop_columns',
  title,
  description: 'Remove the chosen columns. The target cannot be dropped.',
  params,
  fit(train, values, context) {
    const { columns } = resolveParams<{ columns: string[] }>(params, values);
    const drop = [...new Set(columns)];
    for (const name of drop) requireFeature(train, title, name, context);
    return { drop };
  },
  apply(table, state) {
    for (const name of state.drop) requireColumn(table, title, name);
    return withColumns(table, [], state.drop);
  },
};
