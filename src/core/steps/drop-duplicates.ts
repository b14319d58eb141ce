/**
 * Drop rows that repeat an earlier row exactly (pandas' drop_duplicates, keeping the first).
 * Nothing is learned but the columns compared. It acts on the training data — train and test rows
 * together, so that no copy of a training row is left to be scored as a test row — and not on
 * prediction files: a table without the target is returned whole, since every row sent for
 * scoring wants its prediction.
 */
import { resolveParams } from '../params';
import { duplicateOf } from '../quality/duplicates';
import { findColumn, takeRows, type Column } from '../table/table';
import { columnsParam, requireColumn, requireFeature } from './columns';
import { featureColumns, type StepKind } from './step';

interface DropDuplicatesState {
  /** Feature columns compared. */
  columns: string[];
  target: string;
  /** With no columns chosen the target counts too: rows that differ only in their label are not duplicates. */
  compareTarget: boolean;
}

const title = 'Drop duplicate rows';

const params = {
  columns: columnsParam('Columns compared (none chosen: all)'),
} as const;

export const dropDuplicates: StepKind<DropDuplicatesState> = {
  kind: 'drop_duplicates',
  title,
  description: 'Remove rows that repeat an earlier row exactly (in every column, or in the chosen ones), keeping the first. Prediction files keep every row.',
  params,
  fit(train, values, context) {
    const { columns } = resolveParams<{ columns: string[] }>(params, values);
    const names = columns.length === 0 ? featureColumns(train, context).map((c) => c.name) : [...new Set(columns)];
    for (const name of names) requireFeature(train, title, name, context);
    return { columns: names, target: context.target, compareTarget: columns.length === 0 };
  },
  apply(table, state) {
    const compared: Column[] = state.columns.map((name) => requireColumn(table, title, name));
    const target = findColumn(table, state.target);
    if (!target) return table;
    const firstOf = duplicateOf(table, state.compareTarget ? [...compared, target] : compared);
    let kept = 0;
    for (let r = 0; r < firstOf.length; r++) if (firstOf[r] < 0) kept++;
    if (kept === table.rowCount) return table;
    const keep = new Int32Array(kept);
    for (let r = 0, k = 0; r < firstOf.length; r++) if (firstOf[r] < 0) keep[k++] = r;
    return takeRows(table, keep);
  },
};
