/** Curves on tiny hand-made cases: scikit-learn's documentation examples, worked out by hand. */
import { describe, expect, it } from 'vitest';
import { averagePrecision, calibrationCurve, metricsAtThreshold, precisionRecallCurve, rocCurve } from '../../src/core/metrics';

// roc_curve / precision_recall_curve / average_precision_score doc example.
const doc = { positive: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] };

describe('curves', () => {
  it('ROC: one point per distinct threshold from (0, 0)', () => {
    // ≥0.8: 1 TP 0 FP · ≥0.4: 1 TP 1 FP · ≥0.35: 2 TP 1 FP · ≥0.1: 2 TP 2 FP (2 positives, 2 negatives)
    expect(rocCurve(doc)).toEqual({ fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [null, 0.8, 0.4, 0.35, 0.1] });
  });

  it('ROC merges tied scores into one point', () => {
    const roc = rocCurve({ positive: [1, 0, 1], scores: [0.5, 0.5, 0.2] });
    expect(roc.thresholds).toEqual([null, 0.5, 0.2]);
    expect(roc.tpr).toEqual([0, 0.5, 1]);
    expect(roc.fpr).toEqual([0, 1, 1]);
  });

  it('precision-recall and average precision', () => {
    const pr = precisionRecallCurve(doc);
    expect(pr.thresholds).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(pr.precision).toEqual([1, 0.5, 2 / 3, 0.5]);
    expect(pr.recall).toEqual([0.5, 0.5, 1, 1]);
    // 0.5·1 + 0·0.5 + 0.5·(2/3) + 0·0.5
    expect(averagePrecision(doc)).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it('calibration: the calibration_curve doc example with 3 uniform bins', () => {
    const curve = calibrationCurve({ positive: [0, 0, 0, 0, 1, 1, 1, 1, 1], scores: [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1] }, 3);
    // bins [0,⅓): .1 .2 .3 · [⅓,⅔): .4 .65 · [⅔,1]: .7 .8 .9 1
    expect(curve.observed).toEqual([0, 0.5, 1]);
    expect(curve.predicted.map((p) => Number(p.toFixed(10)))).toEqual([0.2, 0.525, 0.85]);
    expect(curve.count).toEqual([3, 2, 4]);
  });

  it('metrics at a decision threshold', () => {
    // ≥ 0.35 calls rows 1, 2, 3 positive: TP 2 (rows 2, 3), FP 1 (row 1), TN 1 (row 0), FN 0
    expect(metricsAtThreshold(doc, 0.35)).toEqual({ threshold: 0.35, accuracy: 0.75, precision: 2 / 3, recall: 1, f1: 0.8, confusion: [[1, 1], [0, 2]] });
    // Above every score nothing is called positive: precision falls back to 0.
    expect(metricsAtThreshold(doc, 0.9)).toMatchObject({ accuracy: 0.5, precision: 0, recall: 0, f1: 0 });
  });
});
