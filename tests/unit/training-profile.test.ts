/** The training profile on tiny tables: decile edges, shares, training rows only, plain JSON. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table';
import { trainingProfile, type CategoryStats, type NumericStats } from '../../src/core/table/training-profile';

const numeric = (name: string, values: number[]) => ({ name, kind: 'numeric' as const, values: Float64Array.from(values) });

/** Rows 0–10 are training rows; row 11 (x = 100, category "c") is a test row the profile must not see. */
const table: Table = {
  rowCount: 12,
  columns: [
    numeric('x', [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, NaN, 100]),
    numeric('binary', [0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0]),
    numeric('empty', new Array(12).fill(NaN)),
    { name: 'color', kind: 'categorical', categories: ['a', 'b', 'c', 'd'], codes: Int32Array.from([0, 0, 1, -1, 0, 0, 1, 1, 0, 0, 0, 2]) },
    { name: 'note', kind: 'text', values: ['x', null, 'y', 'z', null, 'x', 'x', 'x', 'x', 'x', 'x', 'x'] },
    { name: 'when', kind: 'date', values: Float64Array.from([1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8]) },
    numeric('target', new Array(12).fill(1)),
  ],
};
const trainRows = Int32Array.from({ length: 11 }, (_, i) => i);
const profile = trainingProfile(table, trainRows, 'target');
const stats = <T>(name: string) => profile.find((s) => s.name === name) as T;

describe('trainingProfile', () => {
  it('profiles every column but the target, in order', () => {
    expect(profile.map((s) => `${s.name}:${s.kind}`)).toEqual(['x:numeric', 'binary:numeric', 'empty:numeric', 'color:categorical', 'note:text', 'when:date']);
  });

  it('puts the edges at the training deciles and a tenth of the values in each bin', () => {
    const x = stats<NumericStats>('x');
    // Present training values are 1..10: the i-th decile is the value i.
    expect(x).toMatchObject({ count: 10, missing: 1, min: 1, max: 10, mean: 5.5, edges: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    // Σ(v − 5.5)² over 1..10 = 82.5, / 10 = 8.25
    expect(x.std).toBeCloseTo(Math.sqrt(8.25), 12);
    x.fractions.forEach((f) => expect(f).toBeCloseTo(0.1, 12));
  });

  it('merges repeated edges of discrete data and drops an edge at the maximum', () => {
    // Training values 0,0,0,1,1,0,0,0,1,1,1: six 0s and five 1s. Deciles: 0 (×5), then 1 = the maximum.
    expect(stats<NumericStats>('binary')).toMatchObject({ edges: [0], fractions: [6 / 11, 5 / 11] });
    // 1,1,1,1,1,2,3,4,5,6,7 (n = 11): deciles at sorted[ceil(11·i/10) − 1] = 1,1,1,1,2,3,4,5,6.
    const when = stats<NumericStats>('when');
    expect(when.edges).toEqual([1, 2, 3, 4, 5, 6]);
    expect(when.fractions).toEqual([5 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11]);
  });

  it('gives an all-missing column zeros and no edges', () => {
    expect(stats<NumericStats>('empty')).toEqual({ name: 'empty', kind: 'numeric', count: 0, missing: 11, min: 0, max: 0, mean: 0, std: 0, edges: [], fractions: [0] });
  });

  it('shares categories over the present training cells only', () => {
    // Training codes: a ×7, b ×3, missing ×1; "c" appears only in the test row, "d" nowhere.
    expect(stats<CategoryStats>('color')).toEqual({ name: 'color', kind: 'categorical', count: 10, missing: 1, fractions: { a: 0.7, b: 0.3 } });
  });

  it('counts text cells', () => {
    expect(stats('note')).toEqual({ name: 'note', kind: 'text', count: 9, missing: 2 });
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });
});
