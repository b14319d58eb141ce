/** Numeric steps against scikit-learn's documented examples and hand arithmetic. */
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../src/core/pipeline/spec';
import { binning } from '../../src/core/steps/binning';
import { clipOutliers } from '../../src/core/steps/clip-outliers';
import { logTransform } from '../../src/core/steps/log-transform';
import { minmaxScale } from '../../src/core/steps/minmax-scale';
import { powerTransform } from '../../src/core/steps/power-transform';
import { robustScale } from '../../src/core/steps/robust-scale';
import { standardize } from '../../src/core/steps/standardize';
import type { StepKind } from '../../src/core/steps/step';
import { getColumn, type NumericColumn, type Table } from '../../src/core/table/table';

const context = { target: 'y' };

/** A numeric table from named columns; rows are the array positions. */
function numeric(columns: Record<string, number[]>): Table {
  const entries = Object.entries(columns);
  return { rowCount: entries[0][1].length, columns: entries.map(([name, v]) => ({ name, kind: 'numeric', values: Float64Array.from(v) })) };
}

const values = (t: Table, name: string) => Array.from((getColumn(t, name) as NumericColumn).values);

/** Fit on `train`, apply to `table` (default: the training rows themselves). */
function fitApply<S>(step: StepKind<S>, train: Table, params: Record<string, ParamValue> = {}, table = train) {
  const state = step.fit(train, params, context);
  return { state, out: step.apply(table, state) };
}

function expectClose(actual: number[], expected: number[], digits = 9) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v, `position ${i}`).toBeCloseTo(expected[i], digits));
}

describe('standardize', () => {
  it("matches StandardScaler's documented example", () => {
    // StandardScaler().fit([[0, 0], [0, 0], [1, 1], [1, 1]]): mean 0.5, transform → ±1, [[2, 2]] → 3.
    const train = numeric({ a: [0, 0, 1, 1], b: [0, 0, 1, 1] });
    const { state, out } = fitApply(standardize, train);
    expect(state.columns.a).toEqual({ mean: 0.5, std: 0.5 });
    expect(values(out, 'a')).toEqual([-1, -1, 1, 1]);
    expect(values(standardize.apply(numeric({ a: [2], b: [2] }), state), 'b')).toEqual([3]);
  });

  it('acts only on the chosen columns and keeps missing cells missing', () => {
    const train = numeric({ a: [1, NaN, 3], b: [10, 20, 30] });
    const { state, out } = fitApply(standardize, train, { columns: ['a'] });
    expect(Object.keys(state.columns)).toEqual(['a']);
    expect(values(out, 'a')).toEqual([-1, NaN, 1]);
    expect(values(out, 'b')).toEqual([10, 20, 30]);
  });

  it('refuses a column that is not numeric or not in the data, naming it', () => {
    const train: Table = { ...numeric({ a: [1, 2] }), columns: [...numeric({ a: [1, 2] }).columns, { name: 't', kind: 'text', values: ['x', 'y'] }] };
    expect(() => standardize.fit(train, { columns: ['nope'] }, context)).toThrow('Step "Standardise": column "nope" is not in the data');
    expect(() => standardize.fit(train, { columns: ['t'] }, context)).toThrow('Step "Standardise": column "t" is text; this step takes numeric columns');
    expect(() => standardize.fit(numeric({ y: [1, 2] }), { columns: ['y'] }, context)).toThrow(/"y" is the target/);
  });
});

describe('minmax_scale', () => {
  it("matches MinMaxScaler's documented example, new values landing outside [0, 1]", () => {
    const train = numeric({ a: [-1, -0.5, 0, 1], b: [2, 6, 10, 18] });
    const { state, out } = fitApply(minmaxScale, train);
    expect(state.columns.b).toEqual({ min: 2, range: 16 });
    expect(values(out, 'a')).toEqual([0, 0.25, 0.5, 1]);
    expect(values(out, 'b')).toEqual([0, 0.25, 0.5, 1]);
    const later = minmaxScale.apply(numeric({ a: [2], b: [2] }), state);
    expect([values(later, 'a')[0], values(later, 'b')[0]]).toEqual([1.5, 0]);
  });

  it('maps a constant column to 0', () => {
    expect(values(fitApply(minmaxScale, numeric({ c: [4, 4, 4] })).out, 'c')).toEqual([0, 0, 0]);
  });
});

describe('robust_scale', () => {
  it("matches RobustScaler's documented example", () => {
    // X = [[1, -2, 2], [-2, 1, 3], [4, 1, -2]] → [[0, -2, 0], [-1, 0, 0.4], [1, 0, -1.6]]
    const train = numeric({ a: [1, -2, 4], b: [-2, 1, 1], c: [2, 3, -2] });
    const { state, out } = fitApply(robustScale, train);
    // c sorted: -2, 2, 3 → median 2; quartiles at ranks 0.5 and 1.5: 0 and 2.5.
    expect(state.columns.c).toEqual({ median: 2, iqr: 2.5 });
    expectClose(values(out, 'a'), [0, -1, 1]);
    expectClose(values(out, 'b'), [-2, 0, 0]);
    expectClose(values(out, 'c'), [0, 0.4, -1.6]);
  });
});

describe('log_transform', () => {
  it('takes log(1 + x), keeping missing cells missing', () => {
    const { out } = fitApply(logTransform, numeric({ a: [0, Math.E - 1, NaN, 9] }));
    expectClose(values(out, 'a').slice(0, 2), [0, 1]);
    expect(values(out, 'a')[2]).toBeNaN();
    expect(values(out, 'a')[3]).toBeCloseTo(Math.log(10), 12);
  });

  it('refuses negative values with the column and the value, at fit and on new rows', () => {
    expect(() => logTransform.fit(numeric({ a: [3, -2, 1] }), {}, context)).toThrow(
      'Step "Log transform": column "a" holds -2, and log(1 + x) is only taken of values ≥ 0; shift or clip the column first',
    );
    const state = logTransform.fit(numeric({ a: [3, 2, 1] }), {}, context);
    expect(() => logTransform.apply(numeric({ a: [-0.5] }), state)).toThrow(/column "a" holds -0.5/);
  });
});

describe('power_transform', () => {
  it("matches PowerTransformer's documented example (Yeo-Johnson, standardised)", () => {
    // PowerTransformer().fit([[1, 2], [3, 2], [4, 5]]).lambdas_ → [1.386..., -3.100...]
    const { state, out } = fitApply(powerTransform, numeric({ a: [1, 3, 4], b: [2, 2, 5] }));
    expect(state.columns.a.lambda).toBeCloseTo(1.3867, 4);
    expect(state.columns.b.lambda).toBeCloseTo(-3.1005, 4);
    // transform → [[-1.316, -0.707], [0.209, -0.707], [1.106, 1.414]]
    expectClose(values(out, 'a'), [-1.316, 0.21, 1.106], 3);
    expectClose(values(out, 'b'), [-Math.SQRT1_2, -Math.SQRT1_2, Math.SQRT2], 6);
  });

  it('applies the training λ and moments to new rows, including negatives', () => {
    const { state } = fitApply(powerTransform, numeric({ a: [1, 3, 4] }));
    const { lambda, mean, std } = state.columns.a;
    // Yeo-Johnson for x < 0 with λ ≠ 2: −((1 − x)^(2 − λ) − 1) / (2 − λ)
    const expected = (-((1 + 2) ** (2 - lambda) - 1) / (2 - lambda) - mean) / std;
    expect(values(powerTransform.apply(numeric({ a: [-2] }), state), 'a')[0]).toBeCloseTo(expected, 12);
  });

  it('leaves a constant column at 0 rather than dividing by zero', () => {
    const { state, out } = fitApply(powerTransform, numeric({ a: [5, 5, 5] }));
    expect(state.columns.a.lambda).toBe(1);
    expect(values(out, 'a')).toEqual([0, 0, 0]);
  });
});

describe('clip_outliers', () => {
  it('clips to the training quantiles (linear interpolation, as numpy)', () => {
    const train = numeric({ a: Array.from({ length: 100 }, (_, i) => i + 1) });
    // 1st percentile at rank 0.99: 1 + 0.99 = 1.99; 99th at rank 98.01: 99 + 0.01 = 99.01.
    const { state } = fitApply(clipOutliers, train);
    expect(state.columns.a.low).toBeCloseTo(1.99, 12);
    expect(state.columns.a.high).toBeCloseTo(99.01, 12);
    expectClose(values(clipOutliers.apply(numeric({ a: [-5, 50, 500, NaN] }), state), 'a').slice(0, 3), [1.99, 50, 99.01]);
    const wider = clipOutliers.fit(train, { lower: 0.1, upper: 0.5 }, context);
    expect(wider.columns.a.low).toBeCloseTo(10.9, 12);
    expect(wider.columns.a.high).toBeCloseTo(50.5, 12);
  });

  it('refuses a lower quantile at or above the upper one', () => {
    expect(() => clipOutliers.fit(numeric({ a: [1, 2] }), { lower: 0.9, upper: 0.1 }, context)).toThrow(
      'Step "Clip outliers": the lower quantile (0.9) must be below the upper one (0.1)',
    );
  });
});

describe('binning', () => {
  it("matches KBinsDiscretizer's documented uniform example", () => {
    // X = [[-2, 1, -4, -1], [-1, 2, -3, -0.5], [0, 3, -2, 0.5], [1, 4, -1, 2]], n_bins=3, uniform
    const train = numeric({ a: [-2, -1, 0, 1], b: [1, 2, 3, 4], c: [-4, -3, -2, -1], d: [-1, -0.5, 0.5, 2] });
    const { state, out } = fitApply(binning, train, { bins: 3, strategy: 'uniform' });
    expect(state.columns.a.edges).toEqual([-2, -1, 0, 1]);
    expect(values(out, 'a')).toEqual([0, 1, 2, 2]);
    expect(values(out, 'b')).toEqual([0, 1, 2, 2]);
    expect(values(out, 'c')).toEqual([0, 1, 2, 2]);
    expect(values(out, 'd')).toEqual([0, 0, 1, 2]);
  });

  it('puts equal counts in quantile bins; new values beyond the range go to the end bins', () => {
    // 1…8, quartile edges at ranks 0, 1.75, 3.5, 5.25, 7: 1, 2.75, 4.5, 6.25, 8.
    const { state, out } = fitApply(binning, numeric({ a: [1, 2, 3, 4, 5, 6, 7, 8] }), { bins: 4 });
    expect(state.columns.a.edges).toEqual([1, 2.75, 4.5, 6.25, 8]);
    expect(values(out, 'a')).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(values(binning.apply(numeric({ a: [-100, 100, NaN] }), state), 'a')).toEqual([0, 3, NaN]);
  });

  it('merges the empty bins of repeated quantiles, and bins a constant column as 0', () => {
    // Sorted 0,0,0,0,0,0,1,2: quartiles 0, 0, 0, 0.25, 2 → edges 0, 0.25, 2 (two bins).
    const { state, out } = fitApply(binning, numeric({ a: [0, 0, 0, 0, 0, 0, 1, 2] }), { bins: 4 });
    expect(state.columns.a.edges).toEqual([0, 0.25, 2]);
    expect(values(out, 'a')).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(values(fitApply(binning, numeric({ a: [3, 3] }), { strategy: 'uniform' }).out, 'a')).toEqual([0, 0]);
  });
});

describe('numeric steps and columns without training values', () => {
  it('fit nothing for an all-missing training column and leave it as it is', () => {
    const train = numeric({ a: [NaN, NaN], b: [1, 2] });
    for (const step of [standardize, minmaxScale, robustScale, powerTransform, clipOutliers, binning] as StepKind<{ columns: object }>[]) {
      const { state, out } = fitApply(step, train);
      expect(Object.keys(state.columns), step.kind).toEqual(['b']);
      expect(values(out, 'a')).toEqual([NaN, NaN]);
    }
  });
});
