/**
 * The step contract, scikit-learn's fit/transform split: `fit` learns plain-JSON state from the
 * training rows only; `apply` transforms any table (train, test, or a future prediction file).
 */
import type { ParamsSchema } from '../params';
import type { ParamValue } from '../pipeline/spec';
import type { Table } from '../table/table';

export interface StepContext {
  /** Never transformed: steps leave the target column alone. */
  target: string;
}

export interface StepKind<State = unknown> {
  kind: string;
  title: string;
  description: string;
  params: ParamsSchema;
  fit(train: Table, params: Record<string, ParamValue>, context: StepContext): State;
  apply(table: Table, state: State): Table;
}

/** Columns a step may touch: everything but the target. */
export function featureColumns(table: Table, context: StepContext) {
  return table.columns.filter((c) => c.name !== context.target);
}
