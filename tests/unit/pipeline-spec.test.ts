import { describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { splitRows } from '../../src/core/pipeline/split';
import { PIPELINE_FORMAT, PIPELINE_VERSION } from '../../src/core/pipeline/spec';
import { parsePipeline, PipelineError, serializePipeline } from '../../src/core/pipeline/validate';

describe('pipeline file', () => {
  it('round-trips through JSON unchanged', () => {
    const spec = defaultPipeline('species', 'classification');
    expect(spec.format).toBe(PIPELINE_FORMAT);
    expect(spec.version).toBe(PIPELINE_VERSION);
    expect(spec.nodes.map((n) => n.kind)).toEqual(['source', 'impute', 'standardize', 'one_hot', 'split', 'logistic_regression', 'evaluate']);
    expect(parsePipeline(serializePipeline(spec))).toEqual(spec);
  });

  it('uses linear regression for regression and offers the MLP instead', () => {
    expect(defaultPipeline('price', 'regression').nodes[5].kind).toBe('linear_regression');
    expect(defaultPipeline('price', 'regression', 'mlp').nodes[5].kind).toBe('mlp');
    expect(() => defaultPipeline('price', 'regression', 'logistic_regression')).toThrow(/cannot do regression/);
  });

  it('refuses a future version, another format and broken JSON with the exact reason', () => {
    const spec = defaultPipeline('y', 'classification');
    expect(() => parsePipeline(JSON.stringify({ ...spec, version: PIPELINE_VERSION + 1 }))).toThrow(/newer Pipeline Studio/);
    expect(() => parsePipeline(JSON.stringify({ ...spec, format: 'other' }))).toThrow(/format must be "pipeline-studio.pipeline"/);
    expect(() => parsePipeline(JSON.stringify({ ...spec, version: 1.5 }))).toThrow(/whole number/);
    expect(() => parsePipeline('{nope')).toThrow(PipelineError);
  });

  it('names the node and parameter that are wrong', () => {
    const spec = defaultPipeline('y', 'classification');
    spec.nodes[5].params.max_iter = -3;
    expect(() => parsePipeline(JSON.stringify(spec))).toThrow(/node "model": max_iter must be ≥ 1/);
    const broken = defaultPipeline('y', 'classification');
    broken.edges.pop();
    expect(() => parsePipeline(JSON.stringify(broken))).toThrow(/not connected to the source: evaluate/);
  });
});

describe('split', () => {
  it('is seeded, stratified, disjoint and covers every row', () => {
    const rows = Int32Array.from({ length: 100 }, (_, i) => i);
    const groups = Int32Array.from(rows, (i) => (i < 70 ? 0 : 1));
    const a = splitRows(rows, groups, { test_fraction: 0.2, stratify: true, seed: 42 });
    const b = splitRows(rows, groups, { test_fraction: 0.2, stratify: true, seed: 42 });
    const c = splitRows(rows, groups, { test_fraction: 0.2, stratify: true, seed: 7 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    expect(a.test.length).toBe(20);
    expect(Array.from(a.test).filter((r) => r >= 70).length).toBe(6); // 30 % of the test rows, as in the data
    expect(new Set([...a.train, ...a.test]).size).toBe(100);
  });
});
