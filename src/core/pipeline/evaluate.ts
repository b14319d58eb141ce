/** A model's test scores turned into metrics, per-class figures and the plots that explain them. */
import { averagePrecision, calibrationCurve, classificationMetrics, precisionRecallCurve, regressionMetrics, rocCurve, type ClassMetrics } from '../metrics';
import type { BinaryEvaluation, Evaluation } from './events';

export interface Scored {
  metrics: Record<string, number>;
  evaluation: Evaluation;
  perClass?: ClassMetrics[];
}

/** The second class (in sorted order) is the positive one, as scikit-learn's label ordering makes it. */
function binaryEvaluation(yTest: Int32Array, scores: Float32Array | Float64Array, classes: readonly string[]): BinaryEvaluation {
  const data = { positive: Array.from(yTest), scores: Array.from({ length: yTest.length }, (_, i) => scores[i * 2 + 1]) };
  const roc = rocCurve(data);
  const pr = precisionRecallCurve(data);
  return {
    positiveClass: classes[1],
    ...data,
    roc: { fpr: roc.fpr, tpr: roc.tpr },
    pr: { precision: pr.precision, recall: pr.recall },
    calibration: calibrationCurve(data),
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
      ...(binary ? { average_precision: averagePrecision(binary) } : {}),
    },
    evaluation: { task: 'classification', classes: [...classes], confusion: m.confusion, binary },
    perClass: m.per_class,
  };
}

export function scoreRegression(actual: number[], predicted: number[]): Scored {
  const m = regressionMetrics(actual, predicted);
  return { metrics: { r2: m.r2, rmse: m.rmse, mae: m.mae, mape: m.mape }, evaluation: { task: 'regression', actual, predicted } };
}
