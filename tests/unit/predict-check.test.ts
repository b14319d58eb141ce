/** The pre-scoring report on hand-made files, one problem kind at a time. */
import { describe, expect, it } from 'vitest';
import { checkPredictionInput } from '../../src/core/predict/check';
import { binShares, populationStabilityIndex } from '../../src/core/predict/psi';
import { MIN_DRIFT_VALUES } from '../../src/core/predict/sentences';
import { seededRng } from '../../src/core/random';
import { schemaOf, type Column, type Table } from '../../src/core/table/table';
import { trainingProfile, type NumericStats } from '../../src/core/table/training-profile';

const numeric = (name: string, values: ArrayLike<number>): Column => ({ name, kind: 'numeric', values: Float64Array.from(values) });
const categorical = (name: string, categories: string[], codes: number[]): Column => ({ name, kind: 'categorical', categories, codes: Int32Array.from(codes) });

/** Data like the training data: age uniform on 20–60, color red/blue, grade categories "1".."3", a January date. */
function sample(rows: number, seed: number): Column[] {
  const r = seededRng(seed);
  return [
    numeric('age', Array.from({ length: rows }, () => 20 + r() * 40)),
    categorical('color', ['red', 'blue'], Array.from({ length: rows }, (_, i) => i % 2)),
    categorical('grade', ['1', '2', '3'], Array.from({ length: rows }, (_, i) => i % 3)),
    { name: 'day', kind: 'date', values: Float64Array.from({ length: rows }, (_, i) => Date.UTC(2024, 0, 1 + (i % 28))) },
  ];
}

const N = 400;
const training: Table = { rowCount: N, columns: sample(N, 5) };
const schema = schemaOf(training);
const profile = trainingProfile(training, Int32Array.from({ length: N }, (_, i) => i));
const check = (table: Table, p = profile) => checkPredictionInput(schema, p, table);

/** A prediction file of `rows` rows, with some columns swapped out or dropped. */
function file(rows: number, replace: Column[] = [], drop: string[] = []): Table {
  const byName = new Map(replace.map((c) => [c.name, c]));
  return { rowCount: rows, columns: sample(rows, 9).filter((c) => !drop.includes(c.name)).map((c) => byName.get(c.name) ?? c) };
}

describe('checkPredictionInput', () => {
  it('finds nothing to say about a file like the training data', () => {
    const report = check(file(N));
    expect(report).toMatchObject({ rows: N, missingColumns: [], extraColumns: [], kindMismatches: [], unseenCategories: [], outOfRange: [], blocking: [], warnings: [] });
    expect(report.drift.map((d) => d.level)).toEqual(['none', 'none', 'none', 'none']);
  });

  it('blocks on missing columns and names them', () => {
    const report = check(file(10, [], ['age', 'color']));
    expect(report.missingColumns).toEqual([{ name: 'age', kind: 'numeric' }, { name: 'color', kind: 'categorical' }]);
    expect(report.blocking).toEqual(['The file lacks 2 columns the model reads: "age" (numeric), "color" (categorical).']);
  });

  it('blocks on an empty file', () => {
    expect(check(file(0)).blocking).toEqual(['The file has no rows to score.']);
  });

  it('carries extra columns and says so', () => {
    const table = file(10);
    const report = check({ ...table, columns: [...table.columns, numeric('id', Array.from({ length: 10 }, (_, i) => i))] });
    expect(report.extraColumns).toEqual(['id']);
    expect(report.blocking).toEqual([]);
    expect(report.warnings).toContain('1 column the model does not read is kept unchanged: "id".');
  });

  it('reads numbers where categories were trained, with a warning', () => {
    const report = check(file(6, [numeric('grade', [1, 2, 3, 1, 2, 3])]));
    expect(report.kindMismatches).toEqual([{ name: 'grade', expected: 'categorical', found: 'numeric', convertible: true }]);
    expect(report.unseenCategories).toEqual([]);
    expect(report.blocking).toEqual([]);
    expect(report.warnings).toContain('Column "grade" was read as numeric but was categorical in training; its values are used as categorical.');
  });

  it('blocks on text where numbers were trained, with the first offending value and its row', () => {
    const report = check(file(4, [{ name: 'age', kind: 'text', values: ['31', null, 'forty', 'x'] }]));
    expect(report.kindMismatches).toEqual([{ name: 'age', expected: 'numeric', found: 'text', convertible: false, example: 'forty', where: 'row 3' }]);
    expect(report.blocking).toEqual(['Column "age" was numeric in training but holds text values that cannot be read as numeric, e.g. "forty" in row 3.']);
    // Read from a file (header on line 1, a blank line before the third row): the file's line.
    const fromFile = check({ ...file(4, [{ name: 'age', kind: 'text', values: ['31', null, 'forty', 'x'] }]), sourceLines: { first: 2, lines: Int32Array.from([2, 3, 5, 6]) } });
    expect(fromFile.blocking).toEqual(['Column "age" was numeric in training but holds text values that cannot be read as numeric, e.g. "forty" in line 5.']);
  });

  it('blocks on numbers where dates were trained', () => {
    const report = check(file(3, [numeric('day', [NaN, 5, 6])]));
    expect(report.kindMismatches).toEqual([{ name: 'day', expected: 'date', found: 'numeric', convertible: false, example: '5', where: 'row 2' }]);
    expect(report.blocking).toHaveLength(1);
  });

  it('lists unseen categories, most frequent first, with the rows holding them', () => {
    const report = check(file(6, [categorical('color', ['red', 'teal', 'purple', 'blue'], [0, 1, 2, 2, -1, 3])]));
    expect(report.unseenCategories).toEqual([{ name: 'color', values: ['purple', 'teal'], rows: 3, distinct: 2 }]);
    expect(report.warnings).toContain('Column "color" has 2 categories not seen in training ("purple", "teal") in 3 rows; the model reads them as no category.');
  });

  it('counts values below and above the training range', () => {
    const age = profile.find((s) => s.name === 'age') as NumericStats;
    const report = check(file(5, [numeric('age', [age.min - 1, 30, age.max + 1, age.max + 2, NaN])]));
    expect(report.outOfRange).toEqual([{ name: 'age', min: age.min, max: age.max, below: 1, above: 2 }]);
    expect(report.warnings.find((w) => w.startsWith('Column "age" has 3 values outside the training range'))).toMatch(/\(1 below, 2 above\)\.$/);
  });

  it('writes a date range as dates', () => {
    const report = check(file(1, [{ name: 'day', kind: 'date', values: Float64Array.from([Date.UTC(2030, 0, 1)]) }]));
    expect(report.warnings).toContain('Column "day" has 1 value outside the training range 2024-01-01 to 2024-01-28 (0 below, 1 above).');
  });

  it('measures drift per feature, worst first, and words it on enough rows', () => {
    const rows = MIN_DRIFT_VALUES * 3;
    const r = seededRng(3);
    const shifted = Array.from({ length: rows }, () => 45 + r() * 15);
    const report = check(file(rows, [numeric('age', shifted), categorical('color', ['red', 'blue'], Array.from({ length: rows }, (_, i) => (i % 4 ? 0 : 1)))]));
    const age = profile.find((s) => s.name === 'age') as NumericStats;
    expect(report.drift[0]).toEqual({ name: 'age', psi: populationStabilityIndex(age.fractions, binShares(Float64Array.from(shifted), age.edges)), level: 'major', values: rows });
    // color: training red/blue 0.5/0.5 (+ unseen 0); the file has 0.75/0.25 (+ 0):
    // (0.75 − 0.5)·ln(1.5) + (0.25 − 0.5)·ln(0.5) + 0 = 0.1013662770 + 0.1732867951 = 0.2746530722
    expect(report.drift[1].name).toBe('color');
    expect(report.drift[1].psi).toBeCloseTo(0.2746530722, 9);
    expect(report.drift.map((d) => d.psi)).toEqual([...report.drift.map((d) => d.psi)].sort((a, b) => b - a));
    expect(report.warnings).toContain(`Column "age" has drifted from training: PSI ${report.drift[0].psi.toFixed(2)} (major).`);
    expect(report.warnings).toContain('Column "color" has drifted from training: PSI 0.27 (major).');
  });

  it('keeps drift figures but no drift warnings on a short file', () => {
    const report = check(file(5, [numeric('age', [58, 59, 59, 59.2, 59.5])]));
    expect(report.drift[0]).toMatchObject({ name: 'age', level: 'major', values: 5 });
    expect(report.warnings).toEqual([]);
  });

  it('still checks categories, from the schema, without a training profile', () => {
    const report = check(file(3, [categorical('color', ['red', 'gold'], [0, 1, 1])]), []);
    expect(report.unseenCategories).toEqual([{ name: 'color', values: ['gold'], rows: 2, distinct: 1 }]);
    expect(report.outOfRange).toEqual([]);
    expect(report.drift).toEqual([]);
  });
});
