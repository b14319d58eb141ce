/**
 * Global explanations: permutation importance against a hand calculation, partial dependence of a
 * known function, the encoded → source column mapping (and every step that creates columns saying
 * where they come from), and explanations.json through the model file and without it.
 */
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { featureSources } from '../../src/core/explain/lineage';
import { loadExplainable } from '../../src/core/explain/model';
import { partialDependence } from '../../src/core/explain/partial-dependence';
import { permutationImportance } from '../../src/core/explain/permutation';
import { choosePlan } from '../../src/core/explain/training';
import { sha256Hex } from '../../src/core/hash';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { fitStep } from '../../src/core/pipeline/transform';
import { seededRng } from '../../src/core/random';
import { stepKinds } from '../../src/core/steps/registry';
import { codedColumn } from '../../src/core/table/kinds';
import type { Column, Table } from '../../src/core/table/table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = { name: 'known.csv', sha256: 'k1' };

/** y = 3a + 2·[colour = red] + 1 exactly; b is noise the target ignores. */
function known(rows: number, seed = 4): Table {
  const rng = seededRng(seed);
  const a = Float64Array.from({ length: rows }, () => Math.round(rng() * 100) / 10);
  const b = Float64Array.from({ length: rows }, () => rng());
  const colour = Int32Array.from({ length: rows }, (_, i) => i % 2);
  return {
    rowCount: rows,
    columns: [
      { name: 'a', kind: 'numeric', values: a },
      { name: 'b', kind: 'numeric', values: b },
      { name: 'colour', kind: 'categorical', codes: colour, categories: ['red', 'blue'] },
      { name: 'y', kind: 'numeric', values: Float64Array.from(a, (v, i) => 3 * v + (colour[i] === 0 ? 2 : 0) + 1) },
    ],
  };
}

/** The default regression pipeline (impute, standardise, one-hot) with an unpenalised linear regression: it fits y exactly. */
function exactSpec(): PipelineSpec {
  const spec = defaultPipeline('y', 'regression', 'linear_regression');
  for (const node of spec.nodes) if (node.kind === 'linear_regression') node.params.penalty = 'none';
  return spec;
}

/** The model file stores the coefficients in float32 (a tfjs Dense layer): predictions are exact to about 1e-6. */
async function exactModel(): Promise<FittedPipeline> {
  return (await runFirstModel(exactSpec(), known(60), { dataset, seed: 1 })).fitted;
}

describe('permutation importance', () => {
  it('equals a hand calculation of the R² drops', async () => {
    const model = await loadExplainable(await exactModel());
    try {
      // Four rows, colour constant so that a alone varies the prediction: y = 3a + 3 (red).
      const rows: Table = {
        rowCount: 4,
        columns: [
          { name: 'a', kind: 'numeric', values: Float64Array.of(1, 2, 3, 4) },
          { name: 'b', kind: 'numeric', values: Float64Array.of(0.5, 0.1, 0.9, 0.3) },
          { name: 'colour', kind: 'categorical', codes: Int32Array.of(0, 0, 0, 0), categories: ['red', 'blue'] },
          { name: 'y', kind: 'numeric', values: Float64Array.of(6, 9, 12, 15) },
        ],
      };
      // y = [6, 9, 12, 15], mean 10.5, total sum of squares 45.
      // Reversed a: predictions [15, 12, 9, 6], residual squares 81 + 9 + 9 + 81 = 180, R² = 1 − 180/45 = −3, drop 4.
      // First two swapped: predictions [9, 6, 12, 15], residual squares 9 + 9 = 18, R² = 0.6, drop 0.4.
      const e = await permutationImportance(model, rows, { permutations: [Int32Array.of(3, 2, 1, 0), Int32Array.of(1, 0, 2, 3)], data: 'four rows' });
      expect(e.metric).toBe('r2');
      expect(e.baseline).toBeCloseTo(1, 7);
      expect(e.repeats).toBe(2);
      const a = e.columns.find((c) => c.name === 'a')!;
      expect(a.mean).toBeCloseTo((4 + 0.4) / 2, 7);
      expect(a.std).toBeCloseTo(1.8, 7);
      for (const name of ['b', 'colour']) {
        const c = e.columns.find((x) => x.name === name)!;
        expect(Math.abs(c.mean)).toBeLessThan(1e-7);
      }
      expect(e.columns[0].name).toBe('a');
      // The standardised feature a moves exactly as the column: same drops; the one-hot features come from colour.
      const fa = e.features.find((f) => f.name === 'a')!;
      expect(fa.mean).toBeCloseTo(2.2, 7);
      expect(fa.sources).toEqual(['a']);
      expect(e.features.filter((f) => f.sources[0] === 'colour').map((f) => f.name).sort()).toEqual(['colour=blue', 'colour=red']);
    } finally {
      model.dispose();
    }
  });

  it('is computed on the test rows at training and travels in the run summary', async () => {
    const { summary, fitted } = await runFirstModel(exactSpec(), known(60), { dataset, seed: 1 });
    expect(summary.explanations).toEqual(fitted.explanations);
    const e = fitted.explanations!;
    expect(e.data).toBe('test rows');
    expect(e.rows).toBe(summary.testRows);
    expect(e.repeats).toBe(5);
    expect(e.columns.map((c) => c.name)).toEqual(['a', 'colour', 'b']);
    expect(e.columns[2].mean).toBeCloseTo(0, 6);
  });
});

describe('the budget of the explanation computed at training', () => {
  it('takes the most thorough plan that fits, down to the columns alone on 100 rows', () => {
    // 10,788 test rows, 9 columns, 26 features, a 2 s budget.
    expect(choosePlan(0.0001, 10_788, 9, 26, 2000)).toEqual({ rows: 1000, repeats: 5, features: true });
    // 0.3 ms a row: 1000 × 5 × 35 rows cost 52 s; 500 × 3 × 35, 16 s; 200 × 3 × 9, 1.6 s.
    expect(choosePlan(0.3, 10_788, 9, 26, 2000)).toEqual({ rows: 200, repeats: 3, features: false });
    // A k-nearest-neighbours model on 43,000 training rows: nothing fits, the smallest plan is used.
    expect(choosePlan(2.8, 10_788, 9, 26, 2000)).toEqual({ rows: 100, repeats: 2, features: false });
    // Few test rows make the thorough plan cheap.
    expect(choosePlan(0.2, 40, 9, 26, 2000)).toEqual({ rows: 1000, repeats: 5, features: true });
  });
});

describe('partial dependence', () => {
  it('of a known function: 3v + 2·[red] + 1 averaged over the rows, and parallel ICE lines', async () => {
    const model = await loadExplainable(await exactModel());
    try {
      const rows = known(40, 9);
      const pd = await partialDependence(model, rows, 'a', { gridSize: 7, lines: 5 });
      expect(pd.kind).toBe('numeric');
      expect(pd.grid.length).toBeGreaterThan(3);
      const redShare = 0.5;
      pd.grid.forEach((v, g) => expect(pd.average[0][g]).toBeCloseTo(3 * (v as number) + 2 * redShare + 1, 5));
      // Each ICE line is the row's own prediction as a moves: slope 3 from every row.
      for (const line of pd.ice) expect(line[0][1] - line[0][0]).toBeCloseTo(3 * ((pd.grid[1] as number) - (pd.grid[0] as number)), 5);
      const colour = await partialDependence(model, rows, 'colour');
      expect(colour.grid).toEqual(['red', 'blue']);
      expect(colour.average[0][0] - colour.average[0][1]).toBeCloseTo(2, 5);
      await expect(partialDependence(model, rows, 'nope')).rejects.toThrow(/does not read a column "nope"/);
    } finally {
      model.dispose();
    }
  });
});

describe('encoded features back to source columns', () => {
  it('follows one-hot, missing indicators and products through the fitted steps', async () => {
    const spec = defaultPipeline('y', 'regression', 'linear_regression');
    const impute = spec.nodes.find((n) => n.kind === 'impute')!;
    impute.params.add_indicator = true;
    spec.nodes.splice(spec.nodes.indexOf(impute) + 1, 0, { id: 'poly', kind: 'polynomial_features', params: { columns: ['a', 'b'], interaction_only: true } });
    spec.edges = spec.nodes.slice(1).map((n, i) => ({ from: spec.nodes[i].id, to: n.id }));
    const data = known(60);
    (data.columns[1] as { values: Float64Array }).values[3] = NaN;
    const { fitted } = await runFirstModel(spec, data, { dataset, seed: 1, explain: false });
    const sources = featureSources(['a', 'b', 'colour'], fitted.steps, fitted.model.features);
    const byFeature = Object.fromEntries(fitted.model.features.map((f, i) => [f, sources[i]]));
    expect(byFeature).toEqual({ a: ['a'], b: ['b'], 'b_missing': ['b'], 'a*b': ['a', 'b'], 'colour=blue': ['colour'], 'colour=red': ['colour'] });
  });

  const table: Table = {
    rowCount: 8,
    columns: [
      { name: 'x', kind: 'numeric', values: Float64Array.of(1, NaN, 3, 4, 5, 6, 7, 2) },
      { name: 'z', kind: 'numeric', values: Float64Array.of(9, 8, 7, 6, 5, 4, 3, 2) },
      codedColumn('color', ['red', 'blue', 'red', 'green', '', 'blue', 'red', 'green'], new Set()) as Column,
      { name: 'd', kind: 'date', values: Float64Array.from({ length: 8 }, (_, i) => Date.UTC(2024, i, 3, i)) },
      { name: 't', kind: 'text', values: ['good cheap', 'bad', null, 'good good', 'cheap', 'bad value', 'fine', 'good'] },
      codedColumn('y', ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b'], new Set()) as Column,
    ],
  };
  const params: Record<string, Record<string, string | number | boolean | string[]>> = {
    filter_rows: { column: 'x', operator: '>', value: '1' },
    cast_kind: { column: 'color', to: 'text' },
    drop_columns: { columns: ['z'] },
    select_columns: { columns: ['x', 'color'] },
    impute: { add_indicator: true },
    target_encode: { folds: 2 },
    hash_columns: { columns: ['color'], salt: 'pepper' },
  };

  it.each(stepKinds.map((s) => [s.kind, s] as const))('%s names the sources of every column it creates', (_kind, step) => {
    const isTrain = new Uint8Array(table.rowCount).fill(1);
    const { table: out, state } = fitStep({ id: 's', kind: step.kind, params: params[step.kind] ?? {} }, table, isTrain, { target: 'y', task: 'classification' });
    const before = new Set(table.columns.map((c) => c.name));
    const created = out.columns.map((c) => c.name).filter((n) => !before.has(n));
    const declared = step.sources?.(state) ?? {};
    for (const name of created) {
      expect(declared[name], `${step.kind} creates "${name}"`).toBeDefined();
      for (const source of declared[name]) expect(before.has(source)).toBe(true);
    }
  });
});

describe('explanations.json in the model file', () => {
  it('round-trips, is refused when damaged, and a file without it still opens', async () => {
    const fitted = (await runFirstModel(exactSpec(), known(60), { dataset, seed: 1 })).fitted;
    const bytes = await writeBundle(fitted);
    const files = unzipSync(bytes);
    expect(JSON.parse(strFromU8(files['explanations.json']))).toEqual(fitted.explanations);
    expect(strFromU8(files['MODEL_CARD.md'])).toMatch(/## What drives the predictions[\s\S]*\| a \| /);
    const back = (await readBundle(bytes)).fitted;
    expect(back.explanations).toEqual(fitted.explanations);

    // As a file written before explanations: no entry, nothing in the manifest.
    const old = await writeBundle({ ...fitted, explanations: undefined });
    expect(unzipSync(old)['explanations.json']).toBeUndefined();
    expect((await readBundle(old)).fitted.explanations).toBeUndefined();

    // A damaged one (its hash updated so that only its content is wrong) is refused with the reason.
    const broken = { ...fitted.explanations, columns: [{ name: 'a', mean: 'high' }] };
    const entry = strToU8(JSON.stringify(broken));
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    manifest.entries['explanations.json'] = { sha256: await sha256Hex(entry), bytes: entry.length };
    const tampered = zipSync({ ...files, 'manifest.json': strToU8(JSON.stringify(manifest)), 'explanations.json': entry });
    await expect(readBundle(tampered)).rejects.toThrow(/explanations\.json is invalid \(columns\[0\] must have a name, a finite mean/);
  });
});
