/**
 * Classification metrics, matched to scikit-learn's defaults so numbers shown in the studio
 * can be checked against a Python notebook.
 *
 * Every field is a finite plain number (safe for JSON). Inputs that would make a metric NaN
 * are rejected with a RangeError instead: empty input, a label outside `classes`, a
 * non-finite probability. A metric that is undefined for valid input is omitted (`roc_auc`).
 */

import { scoreGroups } from './score-groups';

export interface ClassMetrics {
  class: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this class. */
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Mean recall over the classes present in yTrue (sklearn balanced_accuracy_score). */
  balanced_accuracy: number;
  f1_macro: number;
  precision_macro: number;
  recall_macro: number;
  /** Averages weighted by each class's support (sklearn average='weighted'). */
  f1_weighted: number;
  precision_weighted: number;
  recall_weighted: number;
  /**
   * Binary: scored on the positive class's probability. Multiclass: one-vs-rest, macro-averaged
   * over the classes present (sklearn multi_class='ovr'). Absent when yTrue holds one class only.
   */
  roc_auc?: number;
  log_loss: number;
  /** confusion[true][pred] counts. */
  confusion: number[][];
  classes: string[];
  per_class: ClassMetrics[];
}

type Proba = Float32Array | Float64Array;

// sklearn's historical default eps; keeps a confidently wrong row finite (-ln 1e-15 ≈ 34.5).
const LOG_LOSS_EPS = 1e-15;

/** Index of the largest entry of each row of a row-major n × k matrix; ties go to the lowest index. */
export function argmaxRows(proba: Proba, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || proba.length % k !== 0) {
    throw new RangeError(`argmaxRows: length ${proba.length} is not a multiple of k = ${k}`);
  }
  const n = proba.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let best = 0;
    let bestValue = proba[row];
    for (let j = 1; j < k; j++) {
      // Strict comparison keeps the first maximum, as numpy.argmax does.
      if (proba[row + j] > bestValue) {
        best = j;
        bestValue = proba[row + j];
      }
    }
    out[i] = best;
  }
  return out;
}

/**
 * @param yTrue class index per row, into `classes`
 * @param proba row-major n × k class probabilities; the prediction is the row's argmax
 * @param positiveClass which class's probability scores the ROC-AUC; only read when k = 2
 */
export function classificationMetrics(
  yTrue: Int32Array,
  proba: Proba,
  classes: readonly string[],
  positiveClass = 1,
): ClassificationMetrics {
  const n = yTrue.length;
  const k = classes.length;
  if (n === 0) throw new RangeError('classificationMetrics: no rows');
  if (k === 0) throw new RangeError('classificationMetrics: no classes');
  if (proba.length !== n * k) {
    throw new RangeError(`classificationMetrics: proba has ${proba.length} values, expected ${n} × ${k}`);
  }
  for (let i = 0; i < n; i++) {
    if (yTrue[i] < 0 || yTrue[i] >= k) {
      throw new RangeError(`classificationMetrics: label ${yTrue[i]} at row ${i} is outside 0..${k - 1}`);
    }
  }
  for (let i = 0; i < proba.length; i++) {
    if (!Number.isFinite(proba[i])) {
      throw new RangeError(`classificationMetrics: probability at row ${Math.floor(i / k)} is not finite`);
    }
  }

  const yPred = argmaxRows(proba, k);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  let logLossSum = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    confusion[t][yPred[i]]++;
    if (t === yPred[i]) correct++;
    const p = Math.min(Math.max(proba[i * k + t], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    logLossSum -= Math.log(p);
  }

  const perClass: ClassMetrics[] = [];
  let precisionSum = 0;
  let recallSum = 0;
  let f1Sum = 0;
  let averaged = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += confusion[c][j];
      predicted += confusion[j][c];
    }
    // zero_division=0: an empty denominator scores 0 rather than NaN.
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = support + predicted > 0 ? (2 * tp) / (support + predicted) : 0;
    perClass.push({ class: classes[c], precision, recall, f1, support });
    // sklearn's macro average (labels=None) covers only labels seen in y_true or y_pred, so a
    // class absent from this split neither drags the average down nor counts as perfect.
    if (support + predicted > 0) {
      precisionSum += precision;
      recallSum += recall;
      f1Sum += f1;
      averaged++;
    }
  }

  const present = perClass.filter((c) => c.support > 0);
  const weighted = (pick: (c: ClassMetrics) => number) => present.reduce((sum, c) => sum + pick(c) * c.support, 0) / n;
  const result: ClassificationMetrics = {
    accuracy: correct / n,
    balanced_accuracy: present.reduce((sum, c) => sum + c.recall, 0) / present.length,
    f1_weighted: weighted((c) => c.f1),
    precision_weighted: weighted((c) => c.precision),
    recall_weighted: weighted((c) => c.recall),
    f1_macro: f1Sum / averaged,
    precision_macro: precisionSum / averaged,
    recall_macro: recallSum / averaged,
    log_loss: logLossSum / n,
    confusion,
    classes: [...classes],
    per_class: perClass,
  };

  const auc = k === 2 ? binaryAuc(yTrue, proba, positiveClass) : oneVsRestAuc(yTrue, proba, k);
  if (auc !== undefined) result.roc_auc = auc;
  return result;
}

function binaryAuc(yTrue: Int32Array, proba: Proba, positiveClass: number): number | undefined {
  if (positiveClass !== 0 && positiveClass !== 1) {
    throw new RangeError(`classificationMetrics: positiveClass ${positiveClass} is not 0 or 1`);
  }
  return rocAuc(classColumn(yTrue, proba, 2, positiveClass));
}

/** Each present class against the rest on its own probability column, then the plain mean. */
function oneVsRestAuc(yTrue: Int32Array, proba: Proba, k: number): number | undefined {
  const aucs: number[] = [];
  for (let c = 0; c < k; c++) {
    const auc = rocAuc(classColumn(yTrue, proba, k, c));
    if (auc !== undefined) aucs.push(auc);
  }
  return aucs.length ? aucs.reduce((a, b) => a + b, 0) / aucs.length : undefined;
}

/** One class's probability column and whether each row truly is that class. */
export function classColumn(yTrue: Int32Array, proba: Proba, k: number, c: number): { positive: Uint8Array; scores: Float64Array } {
  const n = yTrue.length;
  const scores = new Float64Array(n);
  const positive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = proba[i * k + c];
    positive[i] = yTrue[i] === c ? 1 : 0;
  }
  return { positive, scores };
}

/**
 * Mann–Whitney form of the ROC-AUC: (sum of positive ranks − nPos(nPos+1)/2) / (nPos·nNeg),
 * with tied scores sharing their average rank so a tie counts as half a correct ordering —
 * the same value as sklearn's trapezoidal roc_auc_score.
 */
function rocAuc({ positive, scores }: { positive: Uint8Array; scores: Float64Array }): number | undefined {
  const n = positive.length;
  let nPos = 0;
  for (const p of positive) nPos += p;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return undefined;

  const groups = scoreGroups(positive, scores);
  let positiveRankSum = 0;
  for (let g = 0, start = 0; g < groups.scores.length; g++) {
    const end = start + groups.positives[g] + groups.negatives[g];
    // Ranks are 1-based, so the block of tied rows start..end-1 holds ranks start+1..end.
    positiveRankSum += groups.positives[g] * ((start + 1 + end) / 2);
    start = end;
  }
  return (positiveRankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
