/**
 * The global explanation a run computes for each model, after training, on its test rows: permutation
 * importance with a few repeats on at most a thousand of them, so that it costs a fraction of the
 * training (the run log says how long). It is kept in the model file (explanations.json).
 */
import type { FittedPipeline } from '../pipeline/fitted';
import { takeRows, type Table } from '../table/table';
import { withExplainable } from './model';
import { DEFAULT_MAX_ROWS, DEFAULT_REPEATS, permutationImportance } from './permutation';
import type { GlobalExplanation } from './types';

export async function explainTestRows(
  fitted: FittedPipeline,
  source: Table,
  testRows: Int32Array,
  options: { seed: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<GlobalExplanation> {
  return withExplainable(fitted, (model) => permutationImportance(model, takeRows(source, testRows), { repeats: DEFAULT_REPEATS, maxRows: DEFAULT_MAX_ROWS, data: 'test rows', ...options }));
}
