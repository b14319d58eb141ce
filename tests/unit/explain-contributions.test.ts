/**
 * Per-row contributions over every registered model kind and task (as model-contract.test.ts runs
 * them): exact ones (TreeSHAP, linear) and sampled ones alike add up to the prediction minus the base,
 * through the link the explanation names, to 1e-6; the waterfall view says the same; a linear
 * model's sampling estimate equals its exact contributions (its Shapley values do not depend on the
 * order of the columns).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainRows } from '../../src/core/explain/contributions';
import { loadExplainable } from '../../src/core/explain/model';
import { referenceRows } from '../../src/core/explain/reference';
import { samplingShapley } from '../../src/core/explain/shapley';
import type { ExplainedRows } from '../../src/core/explain/types';
import { rowContributions } from '../../src/core/explain/view';
import { runFirstModel } from '../../src/core/pipeline/run';
import { takeRows } from '../../src/core/table/table';
import { kindCases, kindsTable, quickSpec } from './fixtures/every-kind';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The link applied to raw outputs: what the model's outputs must equal. */
function linked(e: ExplainedRows, raw: number[]): number[] {
  if (e.link === 'identity') return raw;
  if (e.link === 'logistic') {
    const p = 1 / (1 + Math.exp(-raw[0]));
    return [1 - p, p];
  }
  const max = Math.max(...raw);
  const exp = raw.map((v) => Math.exp(v - max));
  const sum = exp.reduce((s, v) => s + v, 0);
  return exp.map((v) => v / sum);
}

const dataset = { name: 'explain.csv', sha256: 'e1' };

describe.each(kindCases)('%s (%s)', (kind, task) => {
  it('contributions add up to the prediction minus the base value, within 1e-6', async () => {
    const data = kindsTable(task);
    const { fitted } = await runFirstModel(quickSpec(kind, task), data, { dataset, seed: 3, explain: false });
    const model = await loadExplainable(fitted);
    try {
      const rows = takeRows(data, [0, 3, 7, 11, 42, 99]);
      const explained = await explainRows(model, rows, { seed: 1 });
      const { x, rowIds } = model.prepare(rows);
      const scores = await model.score(x);
      const K = explained.outputs.length;
      const C = explained.columns.length;
      const outputs = model.outputs.length;
      expect(explained.rows).toBe(6);
      expect(Array.from(rowIds)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(explained.columns).toEqual(['a', 'b', 'c', 'colour']);
      let spread = 0;
      for (let r = 0; r < explained.rows; r++) {
        const raw = explained.outputs.map((_, k) => {
          let sum = explained.base[k];
          for (let c = 0; c < C; c++) sum += explained.values[(r * C + c) * K + k];
          return sum;
        });
        const predicted = linked(explained, raw);
        for (let k = 0; k < outputs; k++) expect(Math.abs(predicted[k] - scores[r * outputs + k])).toBeLessThan(1e-6);
        for (let c = 0; c < C; c++) spread += Math.abs(explained.values[(r * C + c) * K]);
        // The waterfall's total is the explained output for its class.
        const view = rowContributions(explained, r);
        expect(Math.abs(view.base + view.contributions.reduce((s, v) => s + v.value, 0) - view.total)).toBeLessThan(1e-9);
        if (task === 'classification') {
          const best = Array.from(scores.subarray(r * outputs, (r + 1) * outputs)).reduce((b, v, k, all) => (v > all[b] ? k : b), 0);
          expect(view.class).toBe(fitted.model.classes?.[best]);
        } else expect(Math.abs(view.total - scores[r])).toBeLessThan(1e-6);
      }
      // Something is explained: the columns do move the predictions.
      expect(spread).toBeGreaterThan(1e-3);
      if (explained.features) {
        // Exact methods: the per-feature values sum to the per-column ones.
        const F = explained.features.names.length;
        for (let r = 0; r < explained.rows; r++) {
          for (let k = 0; k < K; k++) {
            const byFeature = Array.from({ length: F }, (_, f) => explained.features!.values[(r * F + f) * K + k]).reduce((s, v) => s + v, 0);
            const byColumn = Array.from({ length: C }, (_, c) => explained.values[(r * C + c) * K + k]).reduce((s, v) => s + v, 0);
            expect(Math.abs(byFeature - byColumn)).toBeLessThan(1e-9);
          }
        }
      } else {
        expect(explained.error).toBeDefined();
        expect(explained.method).toMatch(/sampling Shapley/);
      }
    } finally {
      model.dispose();
    }
  });
});

describe('a linear regression', () => {
  it('has sampling estimates equal to its exact contributions, with no spread', async () => {
    const data = kindsTable('regression');
    const { fitted } = await runFirstModel(quickSpec('linear_regression', 'regression'), data, { dataset, seed: 3, explain: false });
    const model = await loadExplainable(fitted);
    try {
      const rows = takeRows(data, [1, 5, 8]);
      const exact = await explainRows(model, rows, { seed: 2 });
      expect(exact.method).toMatch(/^exact/);
      const reference = referenceRows(fitted.inputSchema, fitted.trainingProfile, () => rows, 64, 2);
      const sampled = await samplingShapley(model, rows, reference, { seed: 9 });
      expect(Array.from(sampled.base)[0]).toBeCloseTo(exact.base[0], 9);
      for (let i = 0; i < exact.values.length; i++) {
        expect(Math.abs(sampled.values[i] - exact.values[i])).toBeLessThan(1e-9);
        expect(sampled.error[i]).toBeLessThan(1e-9);
      }
    } finally {
      model.dispose();
    }
  });
});
