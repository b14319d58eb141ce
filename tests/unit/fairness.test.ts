/**
 * The fairness report against figures computed by hand (three groups, below) and against the
 * reference cases of tests/fixtures/fairness/make_fairness.py, which rebuilds fairlearn's
 * definitions on scikit-learn and pandas (fairness-cases.json holds its output).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupRows, MISSING_GROUP } from '../../src/core/fairness/groups';
import { fairnessReport, type FairnessReport } from '../../src/core/fairness/report';
import { codedColumn } from '../../src/core/table/kinds';
import type { Column } from '../../src/core/table/table';

interface ReferenceCase {
  name: string;
  task: 'classification' | 'regression';
  classes?: string[];
  sensitive: string[];
  data: Record<string, (string | number)[]>;
  groups: { values: string[]; rows: number; accuracy?: number; mae?: number; rmse?: number }[];
  outcomes?: { class: string; groups: Record<string, number>[]; disparities: Record<string, number | null> }[];
  disparities: Record<string, number | null>;
  quartiles?: number[];
}

const cases = JSON.parse(readFileSync(new URL('../fixtures/fairness/fairness-cases.json', import.meta.url), 'utf8')) as ReferenceCase[];

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function column(name: string, values: readonly (string | number)[]): Column {
  if (typeof values[0] === 'number') return { name, kind: 'numeric', values: Float64Array.from(values as number[]) };
  return codedColumn(name, values.map(String), new Set());
}

/** The report of a reference case, with the studio's inputs: class indices or values per row. */
function reportOf(c: ReferenceCase, columns = c.sensitive.map((name) => column(name, c.data[name]))): FairnessReport {
  const n = c.data.y_true.length;
  const encode = (v: string | number) => (c.classes ? c.classes.indexOf(String(v)) : Number(v));
  return fairnessReport({ task: c.task, classes: c.classes, columns, rows: range(n), actual: c.data.y_true.map(encode), predicted: c.data.y_pred.map(encode) });
}

function expectClose(actual: Record<string, number | null>, expected: Record<string, number | null>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    if (value === null) expect(actual[key], key).toBeNull();
    else expect(actual[key], key).toBeCloseTo(value, 12);
  }
}

describe('fairness report, three groups by hand', () => {
  const [three] = cases;
  const report = reportOf(three);

  it('gives each group its rows, accuracy, selection rate, true- and false-positive rate and precision', () => {
    // "yes" (the second class) is selected. Rows by group (true → predicted):
    //   A: yes→yes, yes→no, no→yes, no→no        4 rows, 2 selected; TP 1 of 2 yes; FP 1 of 2 no; 2 right
    //   B: yes→yes, yes→yes, yes→no, no→no, no→no 5 rows, 2 selected; TP 2 of 3;     FP 0 of 2;    4 right
    //   C: no→yes, no→yes, yes→yes                3 rows, 3 selected; TP 1 of 1;     FP 2 of 2;    1 right
    expect(report.groups.map((g) => [g.values, g.rows, g.metrics.accuracy])).toEqual([
      [['A'], 4, 2 / 4],
      [['B'], 5, 4 / 5],
      [['C'], 3, 1 / 3],
    ]);
    const [yes] = report.outcomes ?? [];
    expect(yes.class).toBe('yes');
    expect(yes.groups.map((g) => g.metrics)).toEqual([
      { selection_rate: 2 / 4, true_positive_rate: 1 / 2, false_positive_rate: 1 / 2, precision: 1 / 2 },
      { selection_rate: 2 / 5, true_positive_rate: 2 / 3, false_positive_rate: 0 / 2, precision: 2 / 2 },
      { selection_rate: 3 / 3, true_positive_rate: 1 / 1, false_positive_rate: 2 / 2, precision: 1 / 3 },
    ]);
    // All 12 rows: 7 selected, TP 4 of 6 yes, FP 3 of 6 no, 7 right.
    expect(yes.overall.metrics).toEqual({ selection_rate: 7 / 12, true_positive_rate: 4 / 6, false_positive_rate: 3 / 6, precision: 4 / 7 });
    expect(report.overall).toEqual({ rows: 12, metrics: { accuracy: 7 / 12 } });
  });

  it('gives the demographic parity difference and ratio and the equalized odds difference', () => {
    // Selection rates 0.5, 0.4, 1: difference 1 − 0.4 = 0.6, ratio 0.4 / 1 = 0.4.
    // TPR 0.5, 2/3, 1 (difference 0.5); FPR 0.5, 0, 1 (difference 1): equalized odds difference max(0.5, 1) = 1.
    expect(report.disparities).toEqual({ demographic_parity_difference: 1 - 0.4, demographic_parity_ratio: 0.4, equalized_odds_difference: 1 });
    expect(report.notes).toEqual(['Fewer than 10 rows in group = A (4 rows); group = B (5 rows); group = C (3 rows): one row more or less moves their figures a lot']);
  });

  it('matches the scikit-learn/pandas reference of the same rows', () => {
    expectClose(report.disparities, three.disparities);
  });
});

describe.each(cases.map((c) => [c.name, c] as const))('fairness report against the reference: %s', (_name, c) => {
  const columns = c.quartiles
    ? // The reference groups ages by numpy's quartiles; the studio cuts the age column itself.
      [column('age', c.data.age)]
    : c.sensitive.map((name) => column(name, c.data[name]));
  const report = reportOf(c, columns);

  it('has the same groups, in the same order, with the same sizes and figures', () => {
    expect(report.groups.map((g) => g.rows)).toEqual(c.groups.map((g) => g.rows));
    if (!c.quartiles) expect(report.groups.map((g) => g.values)).toEqual(c.groups.map((g) => g.values));
    for (const [i, g] of c.groups.entries()) {
      if (c.task === 'classification') expect(report.groups[i].metrics.accuracy).toBeCloseTo(g.accuracy as number, 12);
      else expectClose(report.groups[i].metrics, { mae: g.mae as number, rmse: g.rmse as number });
    }
  });

  it('has the same figures per outcome class and the same disparities', () => {
    for (const [k, outcome] of (c.outcomes ?? []).entries()) {
      const ours = report.outcomes?.[k];
      expect(ours?.class).toBe(outcome.class);
      outcome.groups.forEach((g, i) => expectClose(ours?.groups[i].metrics ?? {}, g));
      expectClose(ours?.disparities ?? {}, outcome.disparities);
    }
    expectClose(report.disparities, c.disparities);
  });
});

describe('fairness groups', () => {
  it('treats each class in turn as selected for more than two classes, and says where a group has no rows of a class', () => {
    const multi = cases.find((c) => c.classes?.length === 3) as ReferenceCase;
    const report = reportOf(multi);
    expect(report.outcomes?.map((o) => o.class)).toEqual(['a', 'b', 'c']);
    expect(report.notes).toEqual(['No rows of class "c" in group = west: its true-positive rate counts as 0']);
  });

  it('cuts a numeric column with many values at its quartiles, labelled by their edges, and names the cut', () => {
    const age = cases.find((c) => c.quartiles) as ReferenceCase;
    const [q1, q2, q3] = (age.quartiles as number[]).map((q) => String(Number(q.toPrecision(4))));
    const { groups, notes } = groupRows([column('age', age.data.age)], range(age.data.age.length));
    expect(groups).toEqual([[`< ${q1}`], [`[${q1}, ${q2})`], [`[${q2}, ${q3})`], [`≥ ${q3}`]]);
    expect(notes).toEqual(['"age" has more than 10 values: grouped by its quartiles on these rows']);
  });

  it('keeps a numeric column with few values value by value, in numeric order, and a missing cell as a group of its own', () => {
    const code: Column = { name: 'code', kind: 'numeric', values: Float64Array.of(10, 2, NaN, 2, 10, 1) };
    const { groups, groupOf } = groupRows([code], range(6));
    expect(groups).toEqual([['1'], ['2'], ['10'], [MISSING_GROUP]]);
    expect(Array.from(groupOf)).toEqual([2, 1, 3, 1, 2, 0]);
  });

  it('groups by only the given rows (the test rows), positions into the columns', () => {
    const g = codedColumn('g', ['x', 'y', 'z', 'x', 'y', 'z'], new Set());
    const { groups, groupOf } = groupRows([g], [4, 1, 3]);
    expect(groups).toEqual([['x'], ['y']]);
    expect(Array.from(groupOf)).toEqual([1, 1, 0]);
  });

  it('gives an undefined ratio where no group is selected, and refuses an empty report', () => {
    const g = codedColumn('g', ['x', 'y', 'x', 'y'], new Set());
    const report = fairnessReport({ task: 'classification', classes: ['no', 'yes'], columns: [g], rows: range(4), actual: [1, 0, 0, 1], predicted: [0, 0, 0, 0] });
    expect(report.disparities).toEqual({ demographic_parity_difference: 0, demographic_parity_ratio: null, equalized_odds_difference: 0 });
    expect(() => fairnessReport({ task: 'classification', classes: ['no', 'yes'], columns: [g], rows: [], actual: [], predicted: [] })).toThrow(/at least one labelled row/);
  });
});
