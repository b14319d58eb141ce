/** A model's test scores turned into metrics, per-class figures and the plots that explain them. */
import { averagePrecision, calibrationCurve, classificationMetrics, precisionRecallCurve, regressionMetrics, rocCurve, type ClassMetrics } from '../metrics';
import type { BinaryEvaluation, Evaluation } from './events';

export interface Scored {
  metrics: Record<string, number>;
  evaluation: Evaluation;
  perClass?: ClassMetrics[];
}

/** Test rows up to which the page gets every row's score and value, which its slider and plots read directly. */
export const ROWS_SENT = 5_000;
/** Most points of a ROC or PR curve sent to the page: a plot shows no more, and each costs the page time. */
export const CURVE_POINTS = 1_000;
/** Bins per unit of score: the threshold slider's step is 0.01 (ui/evaluation/ThresholdControl.svelte). */
const SCORE_BINS = 100;

/** At most `max` indices of 0 … n − 1, evenly spread, the first and last included. */
function spread(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

const pick = (values: ArrayLike<number>, at: readonly number[]) => at.map((i) => values[i]);

/**
 * The bin of a score: the largest k with score ≥ k/100, so that "score ≥ threshold" at every slider
 * position k/100 holds for a bin's rows exactly when it holds for its lower edge.
 */
function scoreBin(score: number): number {
  let k = Math.min(SCORE_BINS, Math.max(0, Math.floor(score * SCORE_BINS)));
  if (k < SCORE_BINS && (k + 1) / SCORE_BINS <= score) k++;
  if (k > 0 && k / SCORE_BINS > score) k--;
  return k;
}

/** Rows as (class, score bin) counts: a few hundred entries that give the slider's metrics exactly. */
function binnedRows(positive: Uint8Array, scores: Float64Array): Pick<BinaryEvaluation, 'positive' | 'scores' | 'weight'> {
  const counts = new Float64Array(2 * (SCORE_BINS + 1));
  for (let i = 0; i < scores.length; i++) counts[positive[i] * (SCORE_BINS + 1) + scoreBin(scores[i])]++;
  const out = { positive: [] as number[], scores: [] as number[], weight: [] as number[] };
  counts.forEach((count, at) => {
    if (count === 0) return;
    out.positive.push(at > SCORE_BINS ? 1 : 0);
    out.scores.push((at % (SCORE_BINS + 1)) / SCORE_BINS);
    out.weight.push(count);
  });
  return out;
}

/**
 * The second class (in sorted order) is the positive one, as scikit-learn's label ordering makes it.
 * Curves and average precision come from every test row; what goes to the page is kept small.
 */
function binaryEvaluation(yTest: Int32Array, scores: Float32Array | Float64Array, classes: readonly string[]): { evaluation: BinaryEvaluation; averagePrecision: number } {
  const n = yTest.length;
  const data = { positive: new Uint8Array(n), scores: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    data.positive[i] = yTest[i] === 1 ? 1 : 0;
    data.scores[i] = scores[i * 2 + 1];
  }
  const roc = rocCurve(data);
  const pr = precisionRecallCurve(data);
  const rocAt = spread(roc.fpr.length, CURVE_POINTS);
  const prAt = spread(pr.recall.length, CURVE_POINTS);
  return {
    evaluation: {
      positiveClass: classes[1],
      ...(n <= ROWS_SENT ? { positive: Array.from(data.positive), scores: Array.from(data.scores) } : binnedRows(data.positive, data.scores)),
      roc: { fpr: pick(roc.fpr, rocAt), tpr: pick(roc.tpr, rocAt) },
      pr: { precision: pick(pr.precision, prAt), recall: pick(pr.recall, prAt) },
      calibration: calibrationCurve(data),
    },
    averagePrecision: averagePrecision(data),
  };
}

export function scoreClassification(yTest: Int32Array, scores: Float32Array | Float64Array, classes: readonly string[]): Scored {
  const m = classificationMetrics(yTest, scores, classes);
  const binary = classes.length === 2 ? binaryEvaluation(yTest, scores, classes) : undefined;
  return {
    metrics: {
      accuracy: m.accuracy,
      balanced_accuracy: m.balanced_accuracy,
      f1_macro: m.f1_macro,
      precision_macro: m.precision_macro,
      recall_macro: m.recall_macro,
      f1_weighted: m.f1_weighted,
      precision_weighted: m.precision_weighted,
      recall_weighted: m.recall_weighted,
      log_loss: m.log_loss,
      ...(m.roc_auc === undefined ? {} : { roc_auc: m.roc_auc }),
      ...(binary ? { average_precision: binary.averagePrecision } : {}),
    },
    evaluation: { task: 'classification', classes: [...classes], confusion: m.confusion, binary: binary?.evaluation },
    perClass: m.per_class,
  };
}

export function scoreRegression(actual: Float64Array, predicted: Float64Array): Scored {
  const m = regressionMetrics(actual, predicted);
  // The plots get an even sample of a large test set: a scatter of more points shows no more.
  const shown = spread(actual.length, ROWS_SENT);
  return { metrics: { r2: m.r2, rmse: m.rmse, mae: m.mae, mape: m.mape }, evaluation: { task: 'regression', actual: pick(actual, shown), predicted: pick(predicted, shown) } };
}
