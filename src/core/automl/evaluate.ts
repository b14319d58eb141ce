/**
 * One fold of one candidate, as a pool task: the candidate's pipeline fitted on the fold's training
 * rows and scored on its validation rows by the executor itself (fixed rows instead of the split),
 * so that a candidate is preprocessed, trained and measured exactly as its pipeline will be.
 */
import type { TaskContext } from '../parallel/pool';
import { runFirstModel } from '../pipeline/run';
import type { PipelineSpec } from '../pipeline/spec';
import type { Table } from '../table/table';

export const AUTOML_FOLD_TASK = 'automl-fold';

export interface FoldInput {
  /** The data part's table (its columns in shared memory where there is some). */
  table: Table;
  /** The candidate's pipeline, reading `table` from its one source. */
  spec: PipelineSpec;
  train: Int32Array;
  validation: Int32Array;
  seed: number;
}

export interface FoldOutput {
  /** Every metric the executor gives, on the validation rows. */
  metrics: Record<string, number>;
  /** Fit and scoring time of this fold. */
  seconds: number;
}

const FOLD_DATASET = { name: 'automl fold', sha256: '' };

export async function evaluateFold(input: FoldInput, context: TaskContext = {}): Promise<FoldOutput> {
  const started = performance.now();
  const { summary } = await runFirstModel(input.spec, input.table, {
    dataset: FOLD_DATASET,
    seed: input.seed,
    testRows: { test: input.validation, train: input.train },
    host: context.host,
    signal: context.signal,
  });
  return { metrics: summary.metrics, seconds: (performance.now() - started) / 1000 };
}
