/** Fit the preprocessing chain on training rows, and replay fitted states on any table. */
import { findStepKind } from '../steps/registry';
import type { StepKind } from '../steps/step';
import { takeRows, type Table } from '../table/table';
import type { FittedStep } from './fitted';
import type { PipelineNode } from './spec';

function stepKind(kind: string): StepKind {
  const step = findStepKind(kind);
  if (!step) throw new Error(`Unknown step kind "${kind}"`);
  return step;
}

/**
 * Each step learns its state from the training rows of its input only, then transforms every row:
 * test rows and future prediction rows never influence a fitted statistic.
 */
export function fitSteps(table: Table, nodes: readonly PipelineNode[], trainRows: Int32Array, target: string, onStep?: (node: PipelineNode, ms: number) => void) {
  const fitted: FittedStep[] = [];
  let current = table;
  for (const node of nodes) {
    const started = performance.now();
    const step = stepKind(node.kind);
    const state = step.fit(takeRows(current, trainRows), node.params, { target });
    current = step.apply(current, state);
    fitted.push({ id: node.id, kind: node.kind, state });
    onStep?.(node, performance.now() - started);
  }
  return { table: current, fitted };
}

export function applySteps(table: Table, fitted: readonly FittedStep[]): Table {
  return fitted.reduce((current, step) => stepKind(step.kind).apply(current, step.state), table);
}
