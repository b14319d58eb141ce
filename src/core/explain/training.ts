/**
 * The global explanation a run computes for each model, after training, on its test rows:
 * permutation importance, kept in the model file (explanations.json).
 *
 * Its cost is budgeted: half the time the model took to train and score its test rows, and at
 * least two seconds, so that explaining never costs more than a fraction of the run. Scoring a few rows first
 * tells what a row costs with this model (a k-nearest-neighbours model on a large training set costs
 * thousands of times more per row than a linear one); the most thorough plan that fits the budget is
 * used — up to 1,000 test rows, 5 shuffles, per column and per encoded feature — down to 100 rows, 2
 * shuffles and the columns alone, which is always computed. The explanation records the rows and
 * repeats it used, and the run log what it cost.
 */
import { seededRng, shuffleInPlace } from '../random';
import type { FittedPipeline } from '../pipeline/fitted';
import { range } from '../arrays';
import { takeRows, type Table } from '../table/table';
import { withExplainable, type Explainable } from './model';
import { permutationImportance } from './permutation';
import type { GlobalExplanation } from './types';

interface Plan {
  rows: number;
  repeats: number;
  features: boolean;
}

const PLANS: readonly Plan[] = [
  { rows: 1000, repeats: 5, features: true },
  { rows: 500, repeats: 3, features: true },
  { rows: 200, repeats: 3, features: false },
  { rows: 100, repeats: 2, features: false },
];

const MIN_BUDGET_MS = 2000;
const BUDGET_SHARE = 0.5;
/** A first pass on this many rows; a second on up to a thousand when that one was quick (per-call overheads then weigh less). */
const PROBE_ROWS = 100;
const QUICK_PROBE_MS = 20;

/** Milliseconds per row to prepare and score `table`'s rows, from one or two timed passes. */
async function msPerRow(model: Explainable, table: Table, seed: number): Promise<number> {
  const order = shuffleInPlace(range(table.rowCount), seededRng(seed));
  const timed = async (n: number) => {
    const rows = takeRows(table, order.subarray(0, Math.min(n, table.rowCount)));
    const started = performance.now();
    await model.score(model.prepare(rows).x);
    return (performance.now() - started) / Math.max(1, rows.rowCount);
  };
  const first = await timed(PROBE_ROWS);
  return first * PROBE_ROWS < QUICK_PROBE_MS && table.rowCount > PROBE_ROWS ? timed(1000) : first;
}

/** The most thorough plan whose scoring fits the budget (every plan scores each column's shuffled copies once). */
export function choosePlan(perRowMs: number, rows: number, columns: number, features: number, budgetMs: number): Plan {
  const cost = (p: Plan) => perRowMs * Math.min(p.rows, rows) * p.repeats * (columns + (p.features ? features : 0));
  return PLANS.find((p) => cost(p) <= budgetMs) ?? PLANS[PLANS.length - 1];
}

export async function explainTestRows(
  fitted: FittedPipeline,
  source: Table,
  testRows: Int32Array,
  options: { seed: number; /** What training and scoring the test rows took. */ fitMs: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<GlobalExplanation> {
  const test = takeRows(source, testRows);
  return withExplainable(fitted, async (model) => {
    const perRow = await msPerRow(model, test, options.seed);
    const plan = choosePlan(perRow, test.rowCount, fitted.inputSchema.length, fitted.model.features.length, Math.max(MIN_BUDGET_MS, options.fitMs * BUDGET_SHARE));
    return permutationImportance(model, test, { repeats: plan.repeats, maxRows: plan.rows, features: plan.features, data: 'test rows', seed: options.seed, signal: options.signal, onProgress: options.onProgress });
  });
}
