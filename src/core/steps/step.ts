/**
 * The step contract, scikit-learn's fit/transform split: `fit` learns plain-JSON state from the
 * training rows only; `apply` transforms any table (train, test, or a future prediction file).
 */
import { range } from '../arrays';
import type { ParamsSchema } from '../params';
import type { ParamValue, Task } from '../values';
import type { Table } from '../table/table';

export interface StepContext {
  /** Never transformed: steps leave the target column alone. */
  target: string;
  /** The pipeline's task; a step that reads the target (target encoding) infers it when absent. */
  task?: Task;
}

export interface StepKind<State = unknown> {
  kind: string;
  title: string;
  description: string;
  params: ParamsSchema;
  fit(train: Table, params: Record<string, ParamValue>, context: StepContext): State;
  /**
   * The state `fit` learns from `takeRows(table, rows)`, read from `table` in place: steps whose
   * statistics are per column have it, so that fitting on a million training rows does not first
   * copy every column of them (the executor prefers it).
   */
  fitRows?(table: Table, rows: Int32Array, params: Record<string, ParamValue>, context: StepContext): State;
  apply(table: Table, state: State): Table;
  /**
   * For steps whose own training rows must be transformed differently from new rows (target
   * encoding fitted out-of-fold, as scikit-learn's TargetEncoder.fit_transform): the state for
   * later rows, and the training rows transformed, in the same order. Its table has the same
   * columns, of the same kinds, as `apply` gives, so the executor can stack the two. Without it the
   * executor fits and then applies the state to the training rows like any other.
   */
  fitTransform?(train: Table, params: Record<string, ParamValue>, context: StepContext): { state: State; table: Table };
  /**
   * The columns `apply` creates, each with the input columns it is made from, so that explanations
   * can speak of the columns a person knows (a model's `colour=red` is the column `colour`). A column
   * kept under its own name needs no entry; a step that creates columns must have this.
   */
  sources?(state: State): Record<string, readonly string[]>;
}

/** `fit` and `fitRows` of a step that reads its training rows in place: `fit` is `fitRows` over every row. */
export function rowFitting<State>(fitRows: NonNullable<StepKind<State>['fitRows']>): Pick<StepKind<State>, 'fit' | 'fitRows'> {
  return { fitRows, fit: (train, params, context) => fitRows(train, range(train.rowCount), params, context) };
}

/** Columns a step may touch: everything but the target. */
export function featureColumns(table: Table, context: StepContext) {
  return table.columns.filter((c) => c.name !== context.target);
}

/** An error that names the step, so a person knows which node of the pipeline to fix. */
export function stepError(title: string, message: string): Error {
  return new Error(`Step "${title}": ${message}`);
}
