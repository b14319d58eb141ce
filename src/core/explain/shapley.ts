/**
 * Shapley values estimated by sampling (Štrumbelj & Kononenko 2014), for models without exact
 * contributions (networks, k-nearest neighbours, naive Bayes). The players are the source columns;
 * a column out of the coalition takes a reference row's value (interventional Shapley values with
 * the reference rows as background, as shap's SamplingExplainer).
 *
 * Each walk takes a reference row b and an order of the columns, starts from b and switches the
 * columns to the explained row's values one by one in that order; a column's marginal contribution is
 * the change of the prediction at its switch. Walks come in antithetic pairs (an order and its
 * reverse, with the same b), which cancels much of the variance, and every reference row starts the
 * same number of pairs, so that for each row exactly:
 *
 *   base + Σ_columns values = f(x),   base = the mean prediction over the reference rows.
 *
 * Each reference row starts at least two pairs, so that the standard error of each value can be
 * measured where the randomness is: the spread of the pair estimates of one reference row (the
 * orders), pooled over the reference rows (stratified sampling: the reference rows themselves are
 * all used, equally, and add no error). A model whose columns do not interact (a linear one) gets
 * the exact Shapley values and an error of 0.
 */
import { seededRng, shuffleInPlace } from '../random';
import { concatRows, type Table } from '../table/table';
import { range } from '../arrays';
import { yieldTurn, type Explainable } from './model';
import { pickColumns } from './tables';

export interface SamplingOptions {
  /** Antithetic pairs per reference row (each is two walks); at least 2. */
  pairsPerReference?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface SampledShapley {
  /** Per output: the mean prediction over the reference rows. */
  base: Float64Array;
  /** rows × columns × outputs. */
  values: Float64Array;
  /** Standard errors, same layout. */
  error: Float64Array;
  pairs: number;
}

/** Walks of `rows` rows, their columns drawn from the explained row or its reference row. */
function walkPicks(row: number, refs: Int32Array, orders: readonly Int32Array[], columns: number): Int32Array[] {
  const steps = columns + 1;
  const picks = Array.from({ length: columns }, () => new Int32Array(orders.length * steps));
  orders.forEach((order, w) => {
    // Position of each column in the order: rows after it hold the explained row's value.
    const position = new Int32Array(columns);
    order.forEach((c, p) => (position[c] = p));
    for (let c = 0; c < columns; c++) for (let t = 0; t < steps; t++) picks[c][w * steps + t] = position[c] < t ? row : refs[w];
  });
  return picks;
}

/**
 * Sampling Shapley values of `table`'s rows with `reference`'s rows as background (both with the
 * model's input columns). Every output of the model (each class's probability, or the value).
 */
export async function samplingShapley(model: Explainable, table: Table, reference: Table, options: SamplingOptions = {}): Promise<SampledShapley> {
  const schema = model.fitted.inputSchema;
  const C = schema.length;
  const K = model.outputs.length;
  const R = reference.rowCount;
  if (R === 0) throw new Error('There are no reference rows to measure contributions from');
  const perReference = Math.max(2, Math.floor(options.pairsPerReference ?? 2));
  const pairs = R * perReference;
  const rng = seededRng(options.seed ?? 0);
  // The same orders for every row (common random numbers): rows are compared on equal terms.
  const forward = Array.from({ length: pairs }, () => shuffleInPlace(range(C), rng));
  const orders = forward.flatMap((o) => [o, o.slice().reverse()]);
  const all = concatRows(model.conform(table), model.conform(reference));
  const n = table.rowCount;
  const refs = Int32Array.from({ length: orders.length }, (_, w) => n + (Math.floor(w / 2) % R));

  const referenceScores = await scoreAll(model, pickColumns(all, schema.map(() => Int32Array.from({ length: R }, (_, i) => n + i))));
  const base = new Float64Array(K);
  for (let i = 0; i < R; i++) for (let k = 0; k < K; k++) base[k] += referenceScores[i * K + k] / R;

  const values = new Float64Array(n * C * K);
  const error = new Float64Array(n * C * K);
  const steps = C + 1;
  const pairEstimate = new Float64Array(pairs * C * K);
  for (let r = 0; r < n; r++) {
    const scores = await scoreAll(model, pickColumns(all, walkPicks(r, refs, orders, C)));
    pairEstimate.fill(0);
    orders.forEach((order, w) => {
      const p = w >> 1;
      for (let t = 0; t < C; t++) {
        const c = order[t];
        for (let k = 0; k < K; k++) pairEstimate[(p * C + c) * K + k] += (scores[(w * steps + t + 1) * K + k] - scores[(w * steps + t) * K + k]) / 2;
      }
    });
    for (let i = 0; i < C * K; i++) {
      let mean = 0;
      let variance = 0;
      // Pair p used reference row p mod R: the pairs of one reference row are p, p + R, p + 2R …
      for (let ref = 0; ref < R; ref++) {
        let within = 0;
        for (let m = 0; m < perReference; m++) within += pairEstimate[((ref + m * R) * C) * K + i] / perReference;
        let squares = 0;
        for (let m = 0; m < perReference; m++) squares += (pairEstimate[((ref + m * R) * C) * K + i] - within) ** 2;
        mean += within / R;
        variance += squares / (perReference - 1) / perReference / (R * R);
      }
      values[r * C * K + i] = mean;
      error[r * C * K + i] = Math.sqrt(variance);
    }
    options.onProgress?.(r + 1, n);
    await yieldTurn(options.signal);
  }
  return { base, values, error, pairs };
}

/** Scores for every row of a table, refusing when the pipeline's row filter drops any (a contribution needs each one). */
async function scoreAll(model: Explainable, table: Table): Promise<Float64Array> {
  const { x, rowIds } = model.prepare(table);
  if (rowIds.length !== table.rowCount) throw new Error("The pipeline's row filter drops some rows mixed from the explained and reference rows, so their contributions cannot be measured");
  return model.score(x);
}
