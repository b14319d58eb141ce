/**
 * Our path-dependent TreeSHAP against LightGBM's (pred_contrib) on the same trees: LightGBM's dumped
 * models (tests/fixtures/shap/make_fixtures.py → lightgbm.json) are read into our ensemble format,
 * predicted (the converter must reproduce LightGBM's raw scores first) and explained.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictRaw } from '../../src/core/models/trees/predictor';
import { expectedRaw, treeShap } from '../../src/core/models/trees/shap';
import { ensembleFromLightGbm, type LightGbmDump } from '../fixtures/shap/lightgbm';

interface Fixture {
  features: number;
  categorical: number[];
  rows: (number | null)[][];
  models: Record<string, { classes: number; dump: LightGbmDump; raw: number[][]; contrib: number[][] }>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/shap/lightgbm.json', import.meta.url), 'utf8')) as Fixture;
const F = fixture.features;
const columns = Array.from({ length: F }, (_, f) => Float64Array.from(fixture.rows, (row) => row[f] ?? NaN));
const x = { rows: fixture.rows.length, columns };
const categoryCounts = Int32Array.from({ length: F }, (_, f) => (fixture.categorical.includes(f) ? 6 : 0));

describe.each(Object.keys(fixture.models))('LightGBM %s model', (name) => {
  const model = fixture.models[name];
  const ensemble = ensembleFromLightGbm(model.dump, categoryCounts);
  const width = ensemble.baseline.length;

  it('is read into our format: the same raw scores on the explained rows', () => {
    const raw = predictRaw(ensemble, x);
    for (let r = 0; r < x.rows; r++) for (let k = 0; k < width; k++) expect(Math.abs(raw[r * width + k] - model.raw[r][k])).toBeLessThan(1e-9);
    // The rows exercise missing values and categories (else the comparison would miss those paths).
    expect(columns[2].some(Number.isNaN)).toBe(true);
    expect(ensemble.nodes.flags.some((f) => f & 2)).toBe(true);
  });

  it('has the TreeSHAP values and expected value of LightGBM pred_contrib, to 1e-6', () => {
    const { base, values } = treeShap(ensemble, x);
    let largest = 0;
    for (let r = 0; r < x.rows; r++) {
      for (let k = 0; k < width; k++) {
        const theirs = model.contrib[r].slice(k * (F + 1), (k + 1) * (F + 1));
        for (let f = 0; f < F; f++) {
          const ours = values[(r * F + f) * width + k];
          largest = Math.max(largest, Math.abs(ours));
          expect(Math.abs(ours - theirs[f])).toBeLessThan(1e-6);
        }
        expect(Math.abs(base[k] - theirs[F])).toBeLessThan(1e-6);
      }
    }
    expect(largest).toBeGreaterThan(0.05);
  });

  it('adds up: base + Σ contributions = raw score, and the base is the expected raw score', () => {
    const { base, values } = treeShap(ensemble, x);
    expect(Array.from(base)).toEqual(Array.from(expectedRaw(ensemble)));
    const raw = predictRaw(ensemble, x);
    for (let r = 0; r < x.rows; r++) {
      for (let k = 0; k < width; k++) {
        let sum = base[k];
        for (let f = 0; f < F; f++) sum += values[(r * F + f) * width + k];
        expect(Math.abs(sum - raw[r * width + k])).toBeLessThan(1e-9);
      }
    }
  });
});
