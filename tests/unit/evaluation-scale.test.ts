/**
 * A large test set's evaluation as the page gets it: small (score counts, thinned curves, a sample
 * of regression points) and still exact where the page computes from it (the threshold slider).
 */
import { describe, expect, it } from 'vitest';
import { metricsAtThreshold } from '../../src/core/metrics/curves';
import { CURVE_POINTS, ROWS_SENT, scoreClassification, scoreRegression } from '../../src/core/pipeline/evaluate';
import { seededRng } from '../../src/core/random';

/** n test rows of two classes, with Float32 probabilities that lean towards the truth; many tied at 2 decimals. */
function binaryScores(n: number, seed: number) {
  const rng = seededRng(seed);
  const y = new Int32Array(n);
  const proba = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    y[i] = rng() < 0.4 ? 1 : 0;
    const p = Math.min(1, Math.max(0, (y[i] ? 0.65 : 0.35) + (rng() - 0.5) * 0.8));
    // Every tenth score sits exactly on a slider position, where ≥ and > differ.
    const score = i % 10 === 0 ? Math.round(p * 100) / 100 : p;
    proba[2 * i + 1] = score;
    proba[2 * i] = 1 - proba[2 * i + 1];
  }
  return { y, proba };
}

/** Counted here, row by row: what the slider must show at threshold t. */
function countsAt(y: Int32Array, proba: Float32Array, t: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < y.length; i++) {
    const called = proba[2 * i + 1] >= t;
    if (y[i] === 1 && called) tp++;
    else if (y[i] === 1) fn++;
    else if (called) fp++;
    else tn++;
  }
  return [
    [tn, fp],
    [fn, tp],
  ];
}

/** Mann–Whitney AUC by a plain comparator sort, independent of the metrics module's grouping. */
function aucBySort(y: Int32Array, proba: Float32Array): number {
  const order = Array.from(y.keys()).sort((a, b) => proba[2 * a + 1] - proba[2 * b + 1]);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && proba[2 * order[end] + 1] === proba[2 * order[start] + 1]) end++;
    for (let j = start; j < end; j++) if (y[order[j]] === 1) rankSum += (start + 1 + end) / 2;
    start = end;
  }
  for (const v of y) positives += v;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * (y.length - positives));
}

describe('a binary evaluation of 200,000 test rows', () => {
  const n = 200_000;
  const { y, proba } = binaryScores(n, 1);
  const scored = scoreClassification(y, proba, ['no', 'yes']);
  const binary = scored.evaluation.task === 'classification' ? scored.evaluation.binary : undefined;

  it('sends score counts per 0.01 instead of rows, whose slider metrics are exact at every position', () => {
    expect(binary?.weight).toBeDefined();
    expect(binary?.scores.length).toBeLessThanOrEqual(2 * 101);
    expect(binary?.weight?.reduce((a, b) => a + b, 0)).toBe(n);
    for (let k = 0; k <= 100; k++) {
      const t = Number((k / 100).toFixed(2));
      expect(metricsAtThreshold(binary!, t).confusion, `threshold ${t}`).toEqual(countsAt(y, proba, t));
    }
  });

  it('thins the curves to at most 1,000 points, keeping their ends', () => {
    expect(binary?.roc.fpr.length).toBeLessThanOrEqual(CURVE_POINTS);
    expect(binary?.roc.fpr[0]).toBe(0);
    expect(binary?.roc.tpr.at(-1)).toBe(1);
    expect(binary?.pr.recall.length).toBeLessThanOrEqual(CURVE_POINTS);
    expect(binary?.pr.recall.at(-1)).toBe(1);
  });

  it('computes AUC and the calibration from every row', () => {
    expect(scored.metrics.roc_auc).toBeCloseTo(aucBySort(y, proba), 12);
    expect(binary?.calibration.count.reduce((a, b) => a + b, 0)).toBe(n);
  });
});

describe('a small test set', () => {
  it('keeps one entry per row, as before', () => {
    const { y, proba } = binaryScores(ROWS_SENT, 2);
    const scored = scoreClassification(y, proba, ['no', 'yes']);
    const binary = scored.evaluation.task === 'classification' ? scored.evaluation.binary : undefined;
    expect(binary?.weight).toBeUndefined();
    expect(binary?.scores).toEqual(Array.from({ length: ROWS_SENT }, (_, i) => proba[2 * i + 1]));
    expect(binary?.positive).toEqual(Array.from(y));
  });
});

describe('a regression evaluation of 50,000 test rows', () => {
  it('plots an even sample of 5,000 points, first and last included; metrics use every row', () => {
    const n = 50_000;
    const actual = Float64Array.from({ length: n }, (_, i) => i);
    const predicted = Float64Array.from({ length: n }, (_, i) => i + (i % 2 ? 1 : -1));
    const scored = scoreRegression(actual, predicted);
    if (scored.evaluation.task !== 'regression') throw new Error('not a regression evaluation');
    expect(scored.evaluation.actual).toHaveLength(ROWS_SENT);
    expect(scored.evaluation.actual[0]).toBe(0);
    expect(scored.evaluation.actual.at(-1)).toBe(n - 1);
    scored.evaluation.actual.forEach((a, i) => expect(scored.evaluation.task === 'regression' && scored.evaluation.predicted[i]).toBe(a + (a % 2 ? 1 : -1)));
    expect(scored.metrics.mae).toBe(1);
    expect(scored.metrics.rmse).toBe(1);
  });
});
