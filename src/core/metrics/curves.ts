/**
 * Curves of a binary scorer — ROC, precision-recall, calibration — and the metrics at any decision
 * threshold, from the positive class's score per row. Points follow scikit-learn's conventions.
 */

import { scoreGroups } from './score-groups';

export interface BinaryScores {
  /** 1 where the row truly is the positive class. */
  positive: ArrayLike<number>;
  /** The positive class's probability per row. */
  scores: ArrayLike<number>;
  /**
   * How many rows each entry stands for (1 each when absent): a large test set travels to the page
   * as counts per score bin (pipeline/evaluate.ts). Only metricsAtThreshold and calibrationCurve read it.
   */
  weight?: ArrayLike<number>;
}

/** Distinct scores, highest first, with the true and false positives at or above each. */
function cumulativeCounts({ positive, scores }: BinaryScores) {
  const groups = scoreGroups(positive, scores);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let g = groups.scores.length - 1; g >= 0; g--) {
    tp += groups.positives[g];
    fp += groups.negatives[g];
    thresholds.push(groups.scores[g]);
    tps.push(tp);
    fps.push(fp);
  }
  return { thresholds, tps, fps, positives: tp, negatives: fp };
}

/** (false positive rate, true positive rate) per distinct threshold, from (0, 0) (threshold null: above every score). */
export function rocCurve(data: BinaryScores): { fpr: number[]; tpr: number[]; thresholds: (number | null)[] } {
  const c = cumulativeCounts(data);
  return {
    fpr: [0, ...c.fps.map((fp) => (c.negatives ? fp / c.negatives : 0))],
    tpr: [0, ...c.tps.map((tp) => (c.positives ? tp / c.positives : 0))],
    thresholds: [null, ...c.thresholds],
  };
}

/** Precision and recall per distinct threshold, highest threshold first, ending at recall 1. */
export function precisionRecallCurve(data: BinaryScores): { precision: number[]; recall: number[]; thresholds: number[] } {
  const c = cumulativeCounts(data);
  return {
    precision: c.tps.map((tp, i) => tp / (tp + c.fps[i])),
    recall: c.tps.map((tp) => (c.positives ? tp / c.positives : 0)),
    thresholds: c.thresholds,
  };
}

/** Σ (Rₙ − Rₙ₋₁)·Pₙ over the thresholds, as scikit-learn's average_precision_score. */
export function averagePrecision(data: BinaryScores): number {
  const { precision, recall } = precisionRecallCurve(data);
  let previous = 0;
  let sum = 0;
  recall.forEach((r, i) => {
    sum += (r - previous) * precision[i];
    previous = r;
  });
  return sum;
}

/**
 * Reliability diagram: `bins` equal-width bins on [0, 1]; per non-empty bin, the mean predicted
 * probability and the observed share of positives (scikit-learn calibration_curve, strategy 'uniform').
 */
export function calibrationCurve(data: BinaryScores, bins = 10): { predicted: number[]; observed: number[]; count: number[] } {
  const sums = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < data.scores.length; i++) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(data.scores[i] * bins)));
    const w = data.weight ? data.weight[i] : 1;
    sums[bin] += w * data.scores[i];
    hits[bin] += data.positive[i] ? w : 0;
    counts[bin] += w;
  }
  const out = { predicted: [] as number[], observed: [] as number[], count: [] as number[] };
  counts.forEach((n, bin) => {
    if (n === 0) return;
    out.predicted.push(sums[bin] / n);
    out.observed.push(hits[bin] / n);
    out.count.push(n);
  });
  return out;
}

export interface ThresholdMetrics {
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** [[true negatives, false positives], [false negatives, true positives]]. */
  confusion: [[number, number], [number, number]];
}

/** Metrics when a row is called positive at score ≥ threshold (zero_division = 0). */
export function metricsAtThreshold(data: BinaryScores, threshold: number): ThresholdMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < data.scores.length; i++) {
    const called = data.scores[i] >= threshold;
    const w = data.weight ? data.weight[i] : 1;
    if (data.positive[i]) {
      if (called) tp += w;
      else fn += w;
    } else if (called) fp += w;
    else tn += w;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    threshold,
    accuracy: (tp + tn) / Math.max(1, tp + tn + fp + fn),
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    confusion: [
      [tn, fp],
      [fn, tp],
    ],
  };
}
