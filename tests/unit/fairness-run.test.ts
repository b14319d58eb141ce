/**
 * Sensitive columns in a run: left out of the model's inputs (unless allowed), kept for the
 * fairness report on the test rows, judged by the gate's fairness thresholds; and what the
 * pipeline's validation and the editor's schema flow say about them.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { judgeGate } from '../../src/core/pipeline/gate';
import { predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import { schemaFlow } from '../../src/core/pipeline/schema-flow';
import type { ParamValue, PipelineSpec } from '../../src/core/pipeline/spec';
import { validatePipeline } from '../../src/core/pipeline/validate';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';

const dataset = { name: 'people.csv', sha256: 'cd'.repeat(32) };
const ROWS = 150;
/** Every fifth row is a test row (a fixed split, so the test can recount them). */
const TEST = Int32Array.from({ length: ROWS / 5 }, (_, i) => i * 5);

/** x decides the label; the group (a, b, c) shifts x, so groups are selected at different rates. */
function people(): Table {
  const rng = seededRng(3);
  const group = Int32Array.from({ length: ROWS }, (_, i) => i % 3);
  const x = Float64Array.from(group, (g) => g - 1 + 2 * (rng() - 0.5));
  return {
    rowCount: ROWS,
    columns: [
      { name: 'x', kind: 'numeric', values: x },
      { name: 'g', kind: 'categorical', codes: group, categories: ['a', 'b', 'c'] },
      { name: 'y', kind: 'categorical', codes: Int32Array.from(x, (v) => (v > 0.2 ? 1 : 0)), categories: ['no', 'yes'] },
    ],
  };
}

function pipeline(evaluate: Record<string, ParamValue>): PipelineSpec {
  const spec = defaultPipeline('y', 'classification');
  (spec.nodes.find((n) => n.kind === 'evaluate') as { params: Record<string, ParamValue> }).params = evaluate;
  return spec;
}

const run = (spec: PipelineSpec, table = people()) => runFirstModel(spec, table, { dataset, testRows: { test: TEST } });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a run with sensitive columns', () => {
  it('leaves them out of the model and its input schema, and reports the test rows per group as a recount gives', async () => {
    const { fitted, summary } = await run(pipeline({ sensitive: ['g'] }));
    expect(fitted.model.features).toEqual(['x']);
    expect(fitted.inputSchema.map((c) => c.name)).toEqual(['x']);
    const report = summary.fairness;
    expect(report?.sensitive).toEqual(['g']);
    expect(fitted.fairness).toEqual(report);
    // Recount: score the test rows with the saved pipeline (which no longer needs g), group them by g by hand.
    const table = people();
    const g = table.columns[1] as { codes: Int32Array };
    const yes = (await predictTable(fitted, { rowCount: ROWS, columns: [table.columns[0]] }))[0].values as string[];
    const perGroup = ['a', 'b', 'c'].map((_, k) => [...TEST].filter((r) => g.codes[r] === k));
    const rates = perGroup.map((rows) => rows.filter((r) => yes[r] === 'yes').length / rows.length);
    expect(report?.groups.map((gr) => [gr.values, gr.rows])).toEqual([
      [['a'], perGroup[0].length],
      [['b'], perGroup[1].length],
      [['c'], perGroup[2].length],
    ]);
    expect(report?.outcomes?.[0].groups.map((o) => o.metrics.selection_rate)).toEqual(rates);
    expect(report?.disparities.demographic_parity_difference).toBeCloseTo(Math.max(...rates) - Math.min(...rates), 12);
  });

  it('lets the model read them when allowed', async () => {
    const { fitted, summary } = await run(pipeline({ sensitive: ['g'], sensitive_as_inputs: true }));
    expect(fitted.model.features).toEqual(['x', 'g=a', 'g=b', 'g=c']);
    expect(fitted.inputSchema.map((c) => c.name)).toEqual(['x', 'g']);
    expect(summary.fairness?.groups).toHaveLength(3);
  });

  it('judges the fairness thresholds on the report, with the figures', async () => {
    const strict = await run(pipeline({ sensitive: ['g'], max_demographic_parity_difference: 0.05, max_equalized_odds_difference: 1 }));
    const d = strict.summary.fairness?.disparities ?? {};
    expect(d.demographic_parity_difference).toBeGreaterThan(0.05);
    expect(strict.summary.gate).toEqual({
      passed: false,
      checks: [
        { metric: 'demographic parity difference', op: '≤', threshold: 0.05, value: d.demographic_parity_difference, passed: false },
        { metric: 'equalized odds difference', op: '≤', threshold: 1, value: d.equalized_odds_difference, passed: true },
      ],
    });
    expect(strict.fitted.gate).toEqual(strict.summary.gate);
  });

  it('reports a regression model’s error per group', async () => {
    const table = people();
    const spec = defaultPipeline('x', 'regression');
    (spec.nodes.find((n) => n.kind === 'evaluate') as { params: Record<string, ParamValue> }).params = { sensitive: ['g'] };
    const { summary } = await runFirstModel(spec, { ...table, columns: [table.columns[1], table.columns[2], table.columns[0]] }, { dataset, testRows: { test: TEST } });
    const report = summary.fairness;
    expect(report?.groups.map((g) => Object.keys(g.metrics))).toEqual([['mae', 'rmse'], ['mae', 'rmse'], ['mae', 'rmse']]);
    const mae = report?.groups.map((g) => g.metrics.mae) ?? [];
    expect(report?.disparities.mae_difference).toBeCloseTo(Math.max(...mae) - Math.min(...mae), 12);
    expect(report?.outcomes).toBeUndefined();
  });

  it('names the columns there are when a sensitive column is not one of them', async () => {
    await expect(run(pipeline({ sensitive: ['sex'] }))).rejects.toThrow('Sensitive column "sex" is not a column of the data; its columns are x, g, y');
  });
});

describe('the gate’s fairness thresholds', () => {
  const disparities = { demographic_parity_difference: 0.3, demographic_parity_ratio: 0.4, equalized_odds_difference: 0.12 };

  it('judge the report’s differences (at most the threshold passes), beside the other checks; 0 is off', () => {
    const verdict = judgeGate('classification', { min_accuracy: 0.5, max_demographic_parity_difference: 0.3, max_equalized_odds_difference: 0.1 }, { accuracy: 0.9 }, [], disparities);
    expect(verdict).toEqual({
      passed: false,
      checks: [
        { metric: 'accuracy', op: '≥', threshold: 0.5, value: 0.9, passed: true },
        { metric: 'demographic parity difference', op: '≤', threshold: 0.3, value: 0.3, passed: true },
        { metric: 'equalized odds difference', op: '≤', threshold: 0.1, value: 0.12, passed: false },
      ],
    });
    expect(judgeGate('classification', { max_demographic_parity_difference: 0 }, { accuracy: 0.9 }, [], disparities).checks).toEqual([]);
  });

  it('refuse to judge without a fairness report', () => {
    expect(() => judgeGate('classification', { max_equalized_odds_difference: 0.1 }, { accuracy: 0.9 })).toThrow("The gate's equalized odds difference threshold needs a fairness report: mark the sensitive columns");
  });
});

describe('validation of the fairness settings', () => {
  it('asks for sensitive columns where a fairness threshold is set, refuses them for regression, and refuses the target', () => {
    expect(() => validatePipeline(pipeline({ max_demographic_parity_difference: 0.1 }))).toThrow(
      'node "evaluate": max_demographic_parity_difference: mark the sensitive columns whose groups it compares',
    );
    expect(() => validatePipeline(pipeline({ sensitive: ['y'] }))).toThrow('node "evaluate": sensitive: the target "y" cannot be a sensitive column');
    const regression = defaultPipeline('x', 'regression');
    (regression.nodes.find((n) => n.kind === 'evaluate') as { params: Record<string, ParamValue> }).params = { sensitive: ['g'], max_equalized_odds_difference: 0.2 };
    expect(() => validatePipeline(regression)).toThrow('max_equalized_odds_difference: fairness thresholds judge classification models; this pipeline does regression');
    expect(() => validatePipeline(pipeline({ sensitive: ['g'], max_demographic_parity_difference: 1.5 }))).toThrow('max_demographic_parity_difference must be ≤ 1');
  });

  it('shows the editor the data without the left-out columns, and offers the data’s columns as sensitive ones', () => {
    const flow = schemaFlow(pipeline({ sensitive: ['g'] }), people());
    expect(flow.one_hot.columns.map((c) => c.name)).toEqual(['x', 'y']);
    expect(flow.evaluate.paramColumns?.sensitive?.map((c) => c.name)).toEqual(['x', 'g']);
    expect(Object.values(flow).flatMap((n) => n.problems)).toEqual([]);
    const unknown = schemaFlow(pipeline({ sensitive: ['sex'] }), people());
    expect(unknown.evaluate.problems).toEqual(['column "sex" is not a column of the data']);
    expect(schemaFlow(pipeline({ sensitive: ['g'], sensitive_as_inputs: true }), people()).one_hot.columns.map((c) => c.name)).toEqual(['x', 'g', 'y']);
  });
});
