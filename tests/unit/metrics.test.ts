import { describe, expect, it } from 'vitest';
import { argmaxRows, classificationMetrics, regressionMetrics } from '../../src/core/metrics';

/** One-hot probabilities for hard predictions, so tests can be written as label lists. */
function oneHot(pred: number[], k: number): Float64Array {
  const out = new Float64Array(pred.length * k);
  pred.forEach((p, i) => (out[i * k + p] = 1));
  return out;
}

/** Binary probabilities [1 − s, s] from positive-class scores. */
function binary(scores: number[]): Float64Array {
  return Float64Array.from(scores.flatMap((s) => [1 - s, s]));
}

describe('argmaxRows', () => {
  it('takes the lowest index on ties', () => {
    const proba = Float32Array.from([0.4, 0.4, 0.2, 0.1, 0.3, 0.3, 0.2, 0.3, 0.5]);
    expect(Array.from(argmaxRows(proba, 3))).toEqual([0, 1, 2]);
  });

  it('rejects a length that is not a multiple of k', () => {
    expect(() => argmaxRows(new Float64Array(5), 2)).toThrow(RangeError);
  });
});

describe('classificationMetrics', () => {
  // sklearn f1_score / precision_score / recall_score doc example:
  // y_true = [0,1,2,0,1,2], y_pred = [0,2,1,0,0,1].
  const sklearnDoc = classificationMetrics(
    Int32Array.from([0, 1, 2, 0, 1, 2]),
    oneHot([0, 2, 1, 0, 0, 1], 3),
    ['a', 'b', 'c'],
  );

  it('builds the [true][pred] confusion matrix', () => {
    // true 0 → pred 0, 0      → [2, 0, 0]
    // true 1 → pred 2, 0      → [1, 0, 1]
    // true 2 → pred 1, 1      → [0, 2, 0]
    expect(sklearnDoc.confusion).toEqual([
      [2, 0, 0],
      [1, 0, 1],
      [0, 2, 0],
    ]);
    expect(sklearnDoc.classes).toEqual(['a', 'b', 'c']);
  });

  it('matches the sklearn doc macro averages', () => {
    // precision: a 2/3, b 0/2, c 0/1            → macro (2/3)/3 = 0.2222…
    // recall:    a 2/2, b 0/2, c 0/2            → macro 1/3     = 0.3333…
    // f1:        a 2·2/(2·2+1+0) = 0.8, b 0, c 0 → macro 0.8/3   = 0.2666…
    expect(sklearnDoc.accuracy).toBeCloseTo(2 / 6, 12);
    expect(sklearnDoc.precision_macro).toBeCloseTo(2 / 9, 12);
    expect(sklearnDoc.recall_macro).toBeCloseTo(1 / 3, 12);
    expect(sklearnDoc.f1_macro).toBeCloseTo(0.8 / 3, 12);
    expect(sklearnDoc.per_class).toEqual([
      { class: 'a', precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
      { class: 'b', precision: 0, recall: 0, f1: 0, support: 2 },
      { class: 'c', precision: 0, recall: 0, f1: 0, support: 2 },
    ]);
  });

  it('matches the balanced, weighted and one-vs-rest figures worked out by hand', () => {
    // balanced accuracy: mean recall over the classes present = (1 + 0 + 0) / 3
    expect(sklearnDoc.balanced_accuracy).toBeCloseTo(1 / 3, 12);
    // weighted by support (2 each of 6): f1 (0.8·2)/6, precision (2/3·2)/6, recall (1·2)/6
    expect(sklearnDoc.f1_weighted).toBeCloseTo(1.6 / 6, 12);
    expect(sklearnDoc.precision_weighted).toBeCloseTo(2 / 9, 12);
    expect(sklearnDoc.recall_weighted).toBeCloseTo(1 / 3, 12);
    // One-vs-rest AUC on the one-hot columns, ties counting one half:
    // a: positives (rows 0, 3) score 1; negatives score 0, 0, 1, 0 → (6 wins + 2·½ ties)/8 = 0.875
    // b: positives (rows 1, 4) score 0; negatives score 0, 1, 0, 1 → (0 wins + 4·½)/8     = 0.25
    // c: positives (rows 2, 5) score 0; negatives score 0, 1, 0, 0 → (0 wins + 6·½)/8     = 0.375
    // macro mean = 1.5 / 3
    expect(sklearnDoc.roc_auc).toBeCloseTo(0.5, 12);
  });

  it('clips one-hot probabilities at 1e-15 in the log loss', () => {
    // 4 wrong rows score p = 0 → clipped to 1e-15 → −ln 1e-15 = 15·ln 10 each;
    // 2 right rows score p = 1 → clipped to 1 − 1e-15 → ≈ 1e-15 each.
    // mean = 4·15·ln 10 / 6 = 10·ln 10 ≈ 23.02585.
    expect(sklearnDoc.log_loss).toBeCloseTo(10 * Math.LN10, 9);
  });

  it('scores a never-predicted class 0 and averages only classes that occur', () => {
    // y_true = [0,0,1,1,2], y_pred = [0,0,1,1,1]; class 'd' never occurs in either.
    // confusion rows: [2,0,0,0] [0,2,0,0] [0,1,0,0] [0,0,0,0]
    // x: p 2/2, r 2/2, f1 1
    // y: p 2/3, r 2/2, f1 2·2/(2·2+1+0) = 0.8
    // z: never predicted → p 0 (zero_division=0), r 0/1, f1 0
    // d: absent from both → left out of the macro, as sklearn with labels=None
    // precision_macro = (1 + 2/3 + 0)/3 = 5/9, recall_macro = 2/3, f1_macro = 1.8/3 = 0.6
    const m = classificationMetrics(Int32Array.from([0, 0, 1, 1, 2]), oneHot([0, 0, 1, 1, 1], 4), [
      'x',
      'y',
      'z',
      'd',
    ]);
    expect(m.per_class[2]).toEqual({ class: 'z', precision: 0, recall: 0, f1: 0, support: 1 });
    expect(m.per_class[3]).toEqual({ class: 'd', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.precision_macro).toBeCloseTo(5 / 9, 12);
    expect(m.recall_macro).toBeCloseTo(2 / 3, 12);
    expect(m.f1_macro).toBeCloseTo(0.6, 12);
    expect(m.accuracy).toBeCloseTo(4 / 5, 12);
  });

  it('matches the sklearn roc_auc_score doc example', () => {
    // scores sorted: 0.1(n) 0.35(p) 0.4(n) 0.8(p) → positive ranks 2 + 4 = 6
    // AUC = (6 − 2·3/2) / (2·2) = 3/4
    const m = classificationMetrics(Int32Array.from([0, 0, 1, 1]), binary([0.1, 0.4, 0.35, 0.8]), ['no', 'yes']);
    expect(m.roc_auc).toBeCloseTo(0.75, 12);
  });

  it('gives tied scores their average rank in the ROC-AUC', () => {
    // y = [0,1,0,1], s = [0.5,0.5,0.2,0.9]
    // ranks: 0.2 → 1, the two 0.5s → (2+3)/2 = 2.5, 0.9 → 4; positive ranks 2.5 + 4 = 6.5
    // AUC = (6.5 − 3) / 4 = 0.875 (pairwise: tie ½ + 1 + 1 + 1 over 4 pairs)
    const yTrue = Int32Array.from([0, 1, 0, 1]);
    const proba = binary([0.5, 0.5, 0.2, 0.9]);
    expect(classificationMetrics(yTrue, proba, ['n', 'p']).roc_auc).toBeCloseTo(0.875, 12);
    // Swapping which class is positive flips both labels and score order, so AUC is unchanged.
    expect(classificationMetrics(yTrue, proba, ['n', 'p'], 0).roc_auc).toBeCloseTo(0.875, 12);
  });

  it('computes the log loss from the true-class probability', () => {
    // y = [1,0], proba = [[0.2,0.8],[0.6,0.4]] → −(ln 0.8 + ln 0.6)/2 ≈ 0.366985
    const m = classificationMetrics(Int32Array.from([1, 0]), Float64Array.from([0.2, 0.8, 0.6, 0.4]), ['a', 'b']);
    expect(m.log_loss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(m.accuracy).toBe(1);
    expect(m.roc_auc).toBe(1);
  });

  it('omits roc_auc when the truth has only one class', () => {
    const m = classificationMetrics(Int32Array.from([1, 1]), binary([0.3, 0.9]), ['a', 'b']);
    expect(m).not.toHaveProperty('roc_auc');
  });

  it('produces a JSON-safe report', () => {
    const m = classificationMetrics(Int32Array.from([0, 1, 1]), Float32Array.from([0.7, 0.3, 0.4, 0.6, 0.5, 0.5]), [
      'a',
      'b',
    ]);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('rejects inputs that would produce NaN', () => {
    const classes = ['a', 'b'];
    expect(() => classificationMetrics(new Int32Array(0), new Float64Array(0), classes)).toThrow(RangeError);
    expect(() => classificationMetrics(Int32Array.from([2]), binary([0.5]), classes)).toThrow(RangeError);
    expect(() => classificationMetrics(Int32Array.from([0]), Float64Array.from([NaN, 1]), classes)).toThrow(RangeError);
    expect(() => classificationMetrics(Int32Array.from([0, 1]), binary([0.5]), classes)).toThrow(RangeError);
  });
});

describe('regressionMetrics', () => {
  it('matches the scikit-learn mean_absolute_percentage_error doc example', () => {
    // |3−2.5|/3 + |−0.5−0|/0.5 + 0/2 + |7−8|/7 = 1/6 + 1 + 0 + 1/7, over 4 rows
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);
    expect(m.mape).toBeCloseTo((1 / 6 + 1 + 1 / 7) / 4, 12);
    expect(m.mape).toBeCloseTo(0.3273809523809524, 12);
  });

  it('matches the sklearn r2_score doc example', () => {
    // y = [3, −0.5, 2, 7], ŷ = [2.5, 0, 2, 8]; mean y = 11.5/4 = 2.875
    // SS_res = 0.25 + 0.25 + 0 + 1 = 1.5
    // SS_tot = 0.125² + 3.375² + 0.875² + 4.125² = 29.1875 → R² = 1 − 1.5/29.1875 ≈ 0.948608
    // RMSE = √(1.5/4); MAE = (0.5 + 0.5 + 0 + 1)/4 = 0.5
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    expect(m.r2).toBeCloseTo(1 - 1.5 / 29.1875, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m.mae).toBeCloseTo(0.5, 12);
  });

  it('scores a perfect fit', () => {
    expect(regressionMetrics(Float64Array.from([1, 2, 4]), [1, 2, 4])).toEqual({ r2: 1, rmse: 0, mae: 0, mape: 0 });
  });

  it('follows sklearn force_finite for constant truth', () => {
    expect(regressionMetrics([2, 2, 2], [2, 2, 2])).toEqual({ r2: 1, rmse: 0, mae: 0, mape: 0 });
    // errors 1, 0, −1 → RMSE √(2/3), MAE 2/3; SS_tot = 0 → R² = 0 rather than −∞
    const m = regressionMetrics([2, 2, 2], [1, 2, 3]);
    expect(m.r2).toBe(0);
    expect(m.rmse).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(m.mae).toBeCloseTo(2 / 3, 12);
    // (0.1 + 0.1 + 0.1)/3 rounds to 0.10000000000000002, so SS_tot is not exactly 0 here.
    expect(regressionMetrics([0.1, 0.1, 0.1], [0.2, 0.1, 0.1]).r2).toBe(0);
  });

  it('rejects inputs that would produce NaN', () => {
    expect(() => regressionMetrics([], [])).toThrow(RangeError);
    expect(() => regressionMetrics([1, 2], [1])).toThrow(RangeError);
    expect(() => regressionMetrics([1, NaN], [1, 2])).toThrow(RangeError);
  });
});
