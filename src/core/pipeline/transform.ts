/** Fit preprocessing steps on training rows, and replay fitted states on any table. */
import { findStepKind } from '../steps/registry';
import type { StepContext, StepKind } from '../steps/step';
import { concatRows, takeRows, type Table } from '../table/table';
import type { FittedStep } from './fitted';
import type { PipelineNode } from './spec';

function stepKind(kind: string): StepKind {
  const step = findStepKind(kind);
  if (!step) throw new Error(`Unknown step kind "${kind}"`);
  return step;
}

/** Positions of the table's rows that are training rows, by their source row id. */
export function trainPositions(table: Table, isTrain: Uint8Array): { train: Int32Array; other: Int32Array } {
  const { rowIds } = table;
  const marked = (r: number) => isTrain[rowIds ? rowIds[r] : r] !== 0;
  let count = 0;
  for (let r = 0; r < table.rowCount; r++) if (marked(r)) count++;
  const train = new Int32Array(count);
  const other = new Int32Array(table.rowCount - count);
  for (let r = 0, a = 0, b = 0; r < table.rowCount; r++) {
    if (marked(r)) train[a++] = r;
    else other[b++] = r;
  }
  return { train, other };
}

/**
 * One step learns its state from the training rows of its input only, then transforms every row:
 * test rows and future prediction rows never influence a fitted statistic. A step with
 * fitTransform (target encoding, fitted out-of-fold) transforms its own training rows itself.
 */
export function fitStep(node: PipelineNode, table: Table, isTrain: Uint8Array, context: StepContext): { table: Table; state: unknown } {
  const step = stepKind(node.kind);
  const { train, other } = trainPositions(table, isTrain);
  if (!step.fitTransform) {
    const state = step.fitRows ? step.fitRows(table, train, node.params, context) : step.fit(takeRows(table, train), node.params, context);
    return { table: step.apply(table, state), state };
  }
  const fitted = step.fitTransform(takeRows(table, train), node.params, context);
  const rest = step.apply(takeRows(table, other), fitted.state);
  // Back to the input's row order: position p of the input is at `order[p]` of train ++ other.
  const order = new Int32Array(table.rowCount);
  train.forEach((p, i) => (order[p] = i));
  other.forEach((p, i) => (order[p] = train.length + i));
  return { table: takeRows(concatRows(fitted.table, rest), order), state: fitted.state };
}

export function applySteps(table: Table, fitted: readonly FittedStep[]): Table {
  return fitted.reduce((current, step) => stepKind(step.kind).apply(current, step.state), table);
}
