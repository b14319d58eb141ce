/** Imputation and categorical encoders against scikit-learn's documented examples and hand arithmetic. */
import { describe, expect, it } from 'vitest';
import { fitStep } from '../../src/core/pipeline/transform';
import { assignFolds } from '../../src/core/steps/folds';
import { impute } from '../../src/core/steps/impute';
import { oneHot } from '../../src/core/steps/one-hot';
import { ordinalEncode } from '../../src/core/steps/ordinal-encode';
import { targetEncode } from '../../src/core/steps/target-encode';
import { codedColumn } from '../../src/core/table/kinds';
import { getColumn, takeRows, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../../src/core/table/table';

const context = { target: 'y' };

const num = (name: string, values: number[]): NumericColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });
/** Categories as the CSV reader builds them; '' is missing. */
const cat = (name: string, values: string[]) => codedColumn(name, values, new Set()) as CategoricalColumn;
const table = (...columns: Column[]): Table => ({ rowCount: 'codes' in columns[0] ? columns[0].codes.length : (columns[0] as NumericColumn).values.length, columns });
const values = (t: Table, name: string) => Array.from((getColumn(t, name) as NumericColumn).values);
const labels = (t: Table, name: string) => {
  const c = getColumn(t, name) as CategoricalColumn;
  return Array.from(c.codes, (code) => (code < 0 ? null : c.categories[code]));
};

describe('impute', () => {
  it("matches SimpleImputer(strategy='mean')'s documented example", () => {
    const train = table(num('a', [7, 4, 10]), num('b', [2, NaN, 5]), num('c', [3, 6, 9]));
    const state = impute.fit(train, { numeric: 'mean' }, context);
    const out = impute.apply(table(num('a', [NaN, 4, 10]), num('b', [2, NaN, NaN]), num('c', [3, 6, 9])), state);
    expect(values(out, 'a')).toEqual([7, 4, 10]);
    expect(values(out, 'b')).toEqual([2, 3.5, 3.5]);
  });

  it('fills constants; a constant outside a boolean pair makes the column categorical', () => {
    const train = table(num('a', [1, NaN]), cat('colour', ['red', '']), cat('flag', ['yes', '']));
    const state = impute.fit(train, { numeric: 'constant', numeric_fill: -1, categorical: 'constant' }, context);
    expect(state).toEqual({ numeric: { a: -1 }, categorical: { colour: 'missing', flag: 'missing' } });
    const out = impute.apply(train, state);
    expect(values(out, 'a')).toEqual([1, -1]);
    expect(labels(out, 'colour')).toEqual(['red', 'missing']);
    expect(getColumn(out, 'flag').kind).toBe('categorical');
    expect(labels(out, 'flag')).toEqual(['yes', 'missing']);
    const kept = impute.apply(train, impute.fit(train, { categorical: 'constant', categorical_fill: 'no' }, context));
    expect(getColumn(kept, 'flag').kind).toBe('boolean');
  });

  it("adds indicators for the columns with training gaps, as MissingIndicator's documented example", () => {
    // fit on X1 = [[nan, 1, 3], [4, 0, nan], [8, 1, 0]]: features 0 and 2 had gaps.
    const x1 = table(num('a', [NaN, 4, 8]), num('b', [1, 0, 1]), num('c', [3, NaN, 0]));
    const state = impute.fit(x1, { add_indicator: true }, context);
    expect(state.indicators).toEqual(['a', 'c']);
    // X2 = [[5, 1, nan], [nan, 2, 3], [2, 4, 0]] → [[False, True], [True, False], [False, False]]
    const out = impute.apply(table(num('a', [5, NaN, 2]), num('b', [1, 2, 4]), num('c', [NaN, 3, 0])), state);
    expect(out.columns.map((c) => c.name)).toEqual(['a', 'b', 'c', 'a_missing', 'c_missing']);
    expect(values(out, 'a_missing')).toEqual([0, 1, 0]);
    expect(values(out, 'c_missing')).toEqual([1, 0, 0]);
    expect(values(out, 'a')).toEqual([5, 6, 2]); // median of 4 and 8
  });

  it('refuses an indicator whose name is taken, and acts only on the chosen columns', () => {
    const train = table(num('a', [NaN, 1]), num('a_missing', [0, 0]), num('b', [NaN, 2]));
    const state = impute.fit(train, { add_indicator: true, columns: ['a'] }, context);
    expect(state.numeric).toEqual({ a: 1 });
    expect(() => impute.apply(train, state)).toThrow(
      'Step "Impute missing values": it would create column "a_missing", but a column of that name already exists; rename or drop it first',
    );
  });

  it('replays a state saved before indicators existed', () => {
    const out = impute.apply(table(num('a', [NaN])), { numeric: { a: 2 }, categorical: {} });
    expect(out.columns.map((c) => c.name)).toEqual(['a']);
    expect(values(out, 'a')).toEqual([2]);
  });
});

describe('one_hot with max_categories', () => {
  it("groups the rarest categories into other, as OneHotEncoder(max_categories=3)'s documented example", () => {
    // a × 5, b × 20, c × 10, d × 3 → b and c keep their columns, a and d are infrequent.
    const raw = [...Array(5).fill('a'), ...Array(20).fill('b'), ...Array(10).fill('c'), ...Array(3).fill('d')];
    const state = oneHot.fit(table(cat('x', raw)), { max_categories: 3 }, context);
    expect(state).toEqual({ columns: { x: ['b', 'c'] }, other: { x: ['a', 'd'] } });
    const out = oneHot.apply(table(cat('x', ['a', 'b', 'e', ''])), state);
    expect(out.columns.map((c) => c.name)).toEqual(['x=b', 'x=c', 'x=other']);
    // transform([['a'], ['b']]) → [[0, 0, 1], [1, 0, 0]]; unseen e and missing: all zeros.
    expect(out.columns.map((c) => Array.from((c as NumericColumn).values))).toEqual([
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
  });

  it('breaks frequency ties by category order and adds no other column when nothing is grouped', () => {
    const state = oneHot.fit(table(cat('x', ['q', 'p', 'r', 'r'])), { max_categories: 2 }, context);
    expect(state).toEqual({ columns: { x: ['r'] }, other: { x: ['p', 'q'] } });
    expect(oneHot.fit(table(cat('x', ['q', 'p'])), { max_categories: 2 }, context)).toEqual({ columns: { x: ['p', 'q'] } });
  });

  it('refuses output names that already exist', () => {
    const t = table(cat('x', ['a', 'b']), num('x=a', [0, 1]));
    expect(() => oneHot.apply(t, oneHot.fit(t, {}, context))).toThrow(/would create column "x=a"/);
    const other = table(cat('x', ['other', 'other', 'p', 'q']));
    expect(() => oneHot.apply(other, oneHot.fit(other, { max_categories: 2 }, context))).toThrow(/would create column "x=other"/);
  });
});

describe('ordinal_encode', () => {
  it("numbers categories in sorted order, as OrdinalEncoder's documented example", () => {
    // fit [['Male', 1], ['Female', 3], ['Female', 2]]; transform [['Female', 3], ['Male', 1]] → [[0, 2], [1, 0]]
    const state = ordinalEncode.fit(table(cat('sex', ['Male', 'Female', 'Female']), cat('n', ['1', '3', '2'])), {}, context);
    expect(state).toEqual({ columns: { sex: ['Female', 'Male'], n: ['1', '2', '3'] }, unknown: -1 });
    const out = ordinalEncode.apply(table(cat('sex', ['Female', 'Male']), cat('n', ['3', '1'])), state);
    expect(values(out, 'sex')).toEqual([0, 1]);
    expect(values(out, 'n')).toEqual([2, 0]);
    expect(getColumn(out, 'sex').kind).toBe('numeric');
  });

  it('maps unseen categories to the chosen value and keeps missing cells missing', () => {
    const state = ordinalEncode.fit(table(cat('c', ['b', 'a'])), { unknown_value: 99 }, context);
    expect(values(ordinalEncode.apply(table(cat('c', ['z', '', 'b'])), state), 'c')).toEqual([99, NaN, 1]);
  });
});

describe('target_encode', () => {
  // TargetEncoder's documented example data: dog × 20, cat × 30, snake × 38.
  const animals = [...Array(20).fill('dog'), ...Array(30).fill('cat'), ...Array(38).fill('snake')];
  const y = [...Array(5).fill(90.3), ...Array(15).fill(80.1), ...Array(5).fill(20.4), ...Array(25).fill(20.1), ...Array(8).fill(21.2), ...Array(30).fill(49)];
  const example = () => table(cat('animal', animals), num('y', y));

  it('shrinks category means towards the overall mean with weight m (m-estimate)', () => {
    const total = 5 * 90.3 + 15 * 80.1 + 5 * 20.4 + 25 * 20.1 + 8 * 21.2 + 30 * 49;
    const prior = total / 88; // TargetEncoder's target_mean_: 44.3
    const sums = { cat: 5 * 20.4 + 25 * 20.1, dog: 5 * 90.3 + 15 * 80.1, snake: 8 * 21.2 + 30 * 49 };
    const counts = { cat: 30, dog: 20, snake: 38 };
    for (const m of [1, 5000]) {
      const state = targetEncode.fit(example(), { smoothing: 'm_estimate', m }, { target: 'y', task: 'regression' });
      expect(state.target).toBe('regression');
      expect(state.prior[0]).toBeCloseTo(prior, 12);
      for (const a of ['cat', 'dog', 'snake'] as const) {
        expect(state.columns.animal[a][0]).toBeCloseTo((sums[a] + m * prior) / (counts[a] + m), 10);
      }
    }
    // The documented encodings for smooth=5000: [44.1, 44.4, 44.3] (cat, dog, snake).
    const heavy = targetEncode.fit(example(), { smoothing: 'm_estimate', m: 5000 }, { target: 'y', task: 'regression' });
    expect(['cat', 'dog', 'snake'].map((a) => Math.round(heavy.columns.animal[a][0] * 10) / 10)).toEqual([44.1, 44.4, 44.3]);
  });

  it("weights categories by their own spread with 'auto' smoothing (scikit-learn's empirical Bayes)", () => {
    // A: y 1, 2, 3 (mean 2, squared deviations 2); B: y 10. All: mean 4, variance τ² = (9 + 4 + 1 + 36) / 4.
    const t = table(cat('g', ['A', 'A', 'A', 'B']), num('y', [1, 2, 3, 10]));
    const state = targetEncode.fit(t, {}, { target: 'y', task: 'regression' });
    const tau2 = 50 / 4;
    const lambdaA = (tau2 * 3) / (tau2 * 3 + 2 / 3);
    expect(state.columns.g.A[0]).toBeCloseTo(lambdaA * 2 + (1 - lambdaA) * 4, 12);
    expect(state.columns.g.B[0]).toBeCloseTo(10, 12); // no spread within B: λ = 1
  });

  it('encodes the share of the positive class for two classes, in place, and the prior for unseen and missing', () => {
    const train = table(cat('c', ['u', 'u', 'u', 'v', 'v']), cat('y', ['no', 'yes', 'yes', 'no', 'no']));
    const state = targetEncode.fit(train, { smoothing: 'm_estimate', m: 0 }, context);
    expect(state).toMatchObject({ target: 'binary', classes: ['no', 'yes'], prior: [0.4], columns: { c: { u: [2 / 3], v: [0] } } });
    const out = targetEncode.apply(table(cat('c', ['v', 'w', '', 'u']), cat('y', ['no', 'no', 'no', 'no'])), state);
    expect(out.columns.map((c) => [c.name, c.kind])).toEqual([['y', 'boolean'], ['c', 'numeric']]);
    expect(values(out, 'c')).toEqual([0, 0.4, 0.4, 2 / 3]);
  });

  it('makes one column per class for several classes', () => {
    const train = table(cat('c', ['u', 'u', 'v', 'v']), cat('y', ['a', 'b', 'c', 'c']));
    const state = targetEncode.fit(train, { smoothing: 'm_estimate', m: 0 }, context);
    expect(state.columns.c).toEqual({ u: [0.5, 0.5, 0], v: [0, 0, 1] });
    const out = targetEncode.apply(train, state);
    expect(out.columns.map((c) => c.name)).toEqual(['y', 'c_a', 'c_b', 'c_c']);
    expect(values(out, 'c_c')).toEqual([0, 0, 1, 1]);
  });

  it('infers the task from the target when the executor does not say', () => {
    expect(targetEncode.fit(table(cat('c', ['u', 'v']), num('y', [0.5, 1.25])), {}, context).target).toBe('regression');
    expect(targetEncode.fit(table(cat('c', ['u', 'v']), num('y', [0, 1])), {}, context).target).toBe('binary');
    expect(() => targetEncode.fit(table(cat('c', ['u'])), {}, context)).toThrow('Step "Target encode": the target column "y" is not in the data');
  });

  it('encodes each training row out-of-fold, never with its own target', () => {
    const groups = ['p', 'p', 'q', 'q', 'p', 'q', 'r', 'p', 'q', 'p', 'q', 's'];
    const ys = [1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0];
    const train = table(cat('c', groups), cat('y', ys.map(String)));
    const { state, table: out } = targetEncode.fitTransform?.(train, { smoothing: 'm_estimate', m: 0, folds: 3 }, context) ?? { state: null, table: train };
    expect(state).toEqual(targetEncode.fit(train, { smoothing: 'm_estimate', m: 0, folds: 3 }, context));
    // The same folds, by hand: each row gets the mean of its category over the other folds' rows.
    const fold = assignFolds(12, 3, 42, Int32Array.from(ys));
    const expected = groups.map((g, row) => {
      const others = ys.map((_, r) => r).filter((r) => fold[r] !== fold[row]);
      const same = others.filter((r) => groups[r] === g);
      const mean = (rows: number[]) => rows.reduce((s, r) => s + ys[r], 0) / rows.length;
      return same.length ? mean(same) : mean(others);
    });
    expectCloseArray(values(out, 'c'), expected);
    // Rows 6 and 11 are the only r and s: their own target cannot show through.
    expect(values(out, 'c')[6]).not.toBe(1);
    expect(values(out, 'c')[11]).not.toBe(0);
  });

  it('through the executor: training rows out-of-fold, test rows with the full training encoder', () => {
    const t = table(cat('c', ['p', 'p', 'q', 'q', 'p', 'q', 'p', 'q']), cat('y', ['0', '1', '1', '1', '0', '0', '1', '0']));
    const isTrain = Uint8Array.from([1, 1, 1, 1, 1, 1, 0, 0]);
    const { table: out, state } = fitStep({ id: 'te', kind: 'target_encode', params: { smoothing: 'm_estimate', m: 0 } }, t, isTrain, { target: 'y' });
    const full = targetEncode.fit(takeRows(t, [0, 1, 2, 3, 4, 5]), { smoothing: 'm_estimate', m: 0 }, context);
    expect(state).toEqual(full);
    expect(values(out, 'c').slice(6)).toEqual([full.columns.c.p[0], full.columns.c.q[0]]);
  });
});

describe('assignFolds', () => {
  it('deals each class evenly over the folds, the same way for the same seed', () => {
    const classes = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, -1]);
    const folds = assignFolds(10, 3, 7, classes);
    expect(Array.from(folds)).toEqual(Array.from(assignFolds(10, 3, 7, classes)));
    for (const c of [0, 1]) {
      const perFold = [0, 1, 2].map((f) => Array.from(classes).filter((k, r) => k === c && folds[r] === f).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });
});

function expectCloseArray(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v, `row ${i}`).toBeCloseTo(expected[i], 12));
}
