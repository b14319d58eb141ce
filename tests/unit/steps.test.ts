import { describe, expect, it } from 'vitest';
import { impute } from '../../src/core/steps/impute';
import { oneHot } from '../../src/core/steps/one-hot';
import { standardize } from '../../src/core/steps/standardize';
import { fitStep } from '../../src/core/pipeline/transform';
import { getColumn, takeRows, type CategoricalColumn, type Table } from '../../src/core/table/table';

const context = { target: 'y' };

function table(): Table {
  return {
    rowCount: 6,
    columns: [
      { name: 'x', kind: 'numeric', values: Float64Array.from([1, NaN, 3, 10, 100, NaN]) },
      { name: 'color', kind: 'categorical', codes: Int32Array.from([0, 1, -1, 1, 2, 0]), categories: ['blue', 'green', 'red'] },
      { name: 'y', kind: 'numeric', values: Float64Array.from([NaN, 1, 0, 1, 0, 1]) },
    ],
  };
}

const numeric = (t: Table, name: string) => Array.from((getColumn(t, name) as { values: Float64Array }).values);

describe('impute', () => {
  it('fills numeric gaps with the training median and categories with the most frequent', () => {
    const t = table();
    const train = takeRows(t, [0, 1, 2, 3]); // x: 1, NaN, 3, 10 → median of {1,3,10} = 3; colors blue, green, -, green
    const state = impute.fit(train, { numeric: 'median' }, context);
    expect(state).toEqual({ numeric: { x: 3 }, categorical: { color: 'green' } });
    const out = impute.apply(t, state);
    expect(numeric(out, 'x')).toEqual([1, 3, 3, 10, 100, 3]);
    const color = getColumn(out, 'color') as CategoricalColumn;
    expect(Array.from(color.codes, (c) => color.categories[c])).toEqual(['blue', 'green', 'green', 'green', 'red', 'blue']);
    // The target is never touched, even though it has a gap.
    expect(Number.isNaN(numeric(out, 'y')[0])).toBe(true);
  });

  it('uses the mean when asked, and breaks most-frequent ties by category order', () => {
    const t = table();
    const state = impute.fit(takeRows(t, [0, 1, 3, 4]), { numeric: 'mean' }, context); // x: 1, NaN, 10, 100
    expect(state.numeric.x).toBeCloseTo(37, 12);
    expect(state.categorical.color).toBe('green'); // blue 1, green 2, red 1
    const tie = impute.fit(takeRows(t, [0, 1]), {}, context); // blue 1, green 1 → blue sorts first
    expect(tie.categorical.color).toBe('blue');
  });

  it('state survives a JSON round trip', () => {
    const state = impute.fit(table(), {}, context);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('one-hot', () => {
  it('encodes training categories and maps unseen or missing ones to all zeros', () => {
    const t = table();
    const state = oneHot.fit(takeRows(t, [0, 1, 3]), {}, context); // blue, green, green: red unseen
    expect(state.columns).toEqual({ color: ['blue', 'green'] });
    const out = oneHot.apply(t, state);
    expect(out.columns.map((c) => c.name)).toEqual(['x', 'y', 'color=blue', 'color=green']);
    expect(numeric(out, 'color=blue')).toEqual([1, 0, 0, 0, 0, 1]);
    expect(numeric(out, 'color=green')).toEqual([0, 1, 0, 1, 0, 0]); // row 2 missing, row 4 red: zeros
  });
});

describe('standardize', () => {
  it('uses the training rows only: the fitted mean equals the train-only mean, not the full mean', () => {
    const t: Table = { rowCount: 4, columns: [{ name: 'x', kind: 'numeric', values: Float64Array.from([1, 3, 5, 1000]) }] };
    // The executor fits on rows 0..2 only; row 3 is a test row with an extreme value.
    const { table: out, state: fittedState } = fitStep({ id: 's', kind: 'standardize', params: {} }, t, Uint8Array.from([1, 1, 1, 0]), { target: 'y' });
    const state = fittedState as { columns: Record<string, { mean: number; std: number }> };
    const trainMean = (1 + 3 + 5) / 3; // 3, whereas the mean over all rows would be 252.25
    const trainStd = Math.sqrt(((1 - 3) ** 2 + 0 + (5 - 3) ** 2) / 3);
    expect(state.columns.x.mean).toBe(trainMean);
    expect(state.columns.x.std).toBeCloseTo(trainStd, 12);
    expect(numeric(out, 'x')[3]).toBeCloseTo((1000 - 3) / trainStd, 9);
  });

  it('leaves a constant column centred but unscaled', () => {
    const t: Table = { rowCount: 3, columns: [{ name: 'c', kind: 'numeric', values: Float64Array.from([7, 7, 7]) }] };
    const state = standardize.fit(t, {}, context);
    expect(state.columns.c).toEqual({ mean: 7, std: 1 });
    expect(numeric(standardize.apply(t, state), 'c')).toEqual([0, 0, 0]);
  });
});
