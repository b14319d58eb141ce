/**
 * The stored ensemble: encode → decode gives back the same model (identical predictions), the
 * header states the layout, and a truncated, altered or mismatched file is refused with a message,
 * never decoded into something that crashes or predicts NaN.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrainingSet } from '../../src/core/models/data';
import { fitDecisionTree } from '../../src/core/models/trees/decision-tree';
import { checkEnsemble, crc32, decodeEnsemble, encodeEnsemble, ENSEMBLE_BLOB, type EnsembleExpectation } from '../../src/core/models/trees/format';
import { fitGradientBoosting } from '../../src/core/models/trees/gradient-boosting';
import { predictEnsemble } from '../../src/core/models/trees/predictor';
import { fitRandomForest } from '../../src/core/models/trees/random-forest';
import { seededRng } from '../../src/core/random';

function mixed(n: number, task: 'classification' | 'regression', classes = 3): TrainingSet {
  const rng = seededRng(8);
  const a = Float64Array.from({ length: n }, () => (rng() < 0.1 ? NaN : rng()));
  const c = Float64Array.from({ length: n }, () => Math.floor(rng() * 4));
  const score = Float64Array.from(a, (v, i) => (Number.isNaN(v) ? 0.5 : v) + c[i] * 0.3 + rng() * 0.3);
  const y = task === 'classification' ? Int32Array.from(score, (s) => Math.min(classes - 1, Math.floor((s / 1.6) * classes))) : score;
  return {
    task,
    rows: n,
    columns: [a, c],
    features: [{ name: 'a' }, { name: 'c', categories: ['p', 'q', 'r', 's'] }],
    y,
    classes: task === 'classification' ? Array.from({ length: classes }, (_, k) => `k${k}`) : undefined,
  };
}

const x = { rows: 40, columns: [Float64Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? NaN : i / 40)), Float64Array.from({ length: 40 }, (_, i) => (i % 6) - 1)] };

async function models() {
  return [
    (await fitGradientBoosting(mixed(300, 'classification'), { max_iter: 8, min_samples_leaf: 5 })).ensemble,
    (await fitGradientBoosting(mixed(300, 'classification', 2), { max_iter: 8 })).ensemble,
    (await fitGradientBoosting(mixed(300, 'regression'), { max_iter: 8 })).ensemble,
    (await fitRandomForest(mixed(300, 'classification'), { n_estimators: 6 })).ensemble,
    (await fitDecisionTree(mixed(300, 'regression'), { max_depth: 4 })).ensemble,
  ];
}

describe('encode → decode', () => {
  it('gives the same predictions for every kind and task', async () => {
    for (const e of await models()) {
      const { header, blobs } = encodeEnsemble(e);
      // Through JSON, as a bundle stores the header.
      const decoded = decodeEnsemble(JSON.parse(JSON.stringify(header)), blobs, { features: 2, outputs: e.outputs, task: e.task });
      expect(predictEnsemble(decoded, x)).toEqual(predictEnsemble(e, x));
      expect(decoded.nodes.cover).toEqual(e.nodes.cover);
      expect(decoded.nodes.gain).toEqual(e.nodes.gain);
    }
  });

  it('states the format, the model and an explicit little-endian layout in the header', async () => {
    const [e] = await models();
    const { header, blobs } = encodeEnsemble(e);
    expect(header).toMatchObject({ format: 'pipeline-studio/tree-ensemble', version: 1, kind: 'hist_gradient_boosting', task: 'classification', features: 2, outputs: 3, link: 'softmax', aggregation: 'sum', valueWidth: 1 });
    const layout = header.layout as { byteOrder: string; bytes: number; crc32: number; arrays: { name: string; type: string; offset: number; length: number }[] };
    expect(layout.byteOrder).toBe('little-endian');
    expect(layout.bytes).toBe(blobs[ENSEMBLE_BLOB].length);
    expect(layout.crc32).toBe(crc32(blobs[ENSEMBLE_BLOB]));
    // The thresholds read straight from the bytes at the stated offset.
    const spec = layout.arrays.find((a) => a.name === 'threshold')!;
    const view = new DataView(blobs[ENSEMBLE_BLOB].buffer);
    for (let i = 0; i < spec.length; i++) expect(view.getFloat64(spec.offset + 8 * i, true)).toBe(e.nodes.threshold[i]);
  });

  it('computes CRC-32 as zip does', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('decoding refuses', () => {
  it('any truncation or altered byte of the blob, with a message', async () => {
    const e = (await models())[3];
    const { header, blobs } = encodeEnsemble(e);
    const bytes = blobs[ENSEMBLE_BLOB];
    const expect_ = { features: 2, outputs: 3, task: 'classification' } as const;
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), (at, flip, truncate) => {
        const damaged = truncate ? bytes.slice(0, at) : bytes.slice();
        if (!truncate) damaged[at] ^= flip;
        expect(() => decodeEnsemble(header, { [ENSEMBLE_BLOB]: damaged }, expect_)).toThrow(/^The tree model is damaged or not the one expected: /);
      }),
      { numRuns: 300 },
    );
  });

  it('a header that does not describe the expected model', async () => {
    const e = (await models())[0];
    const { header, blobs } = encodeEnsemble(e);
    const expected: EnsembleExpectation = { features: 2, outputs: 3, task: 'classification' };
    const refuse = (h: Record<string, unknown>, want: Partial<EnsembleExpectation> = {}) => () => decodeEnsemble(h, blobs, { ...expected, ...want });
    expect(refuse(header, { features: 3 })).toThrow('it takes 2 features, 3 were expected');
    expect(refuse(header, { outputs: 2 })).toThrow('it has 3 outputs, 2 were expected');
    expect(refuse(header, { task: 'regression' })).toThrow('it is a "classification" model, a regression model was expected');
    expect(refuse({ ...header, version: 2 })).toThrow('format version 2 is not 1');
    expect(refuse({ ...header, format: 'other' })).toThrow('format is "other"');
    expect(refuse({ ...header, link: 'identity' })).toThrow('"link" is "identity"; a hist_gradient_boosting classification model has "softmax"');
    expect(refuse({ ...header, baseline: [0, 1, NaN] })).toThrow('"baseline" must list 3 valid numbers');
    expect(refuse({ ...header, trees: (header.trees as number) + 1 })).toThrow('the layout does not match');
    expect(() => decodeEnsemble(header, {}, expected)).toThrow('the file trees.bin is missing');
  });

  it('structurally unsound trees even with a matching checksum', async () => {
    const e = (await models())[0];
    const broken = (change: (nodes: typeof e.nodes) => void) => {
      const copy = { ...e, nodes: { ...e.nodes, feature: e.nodes.feature.slice(), left: e.nodes.left.slice(), value: e.nodes.value.slice(), threshold: e.nodes.threshold.slice() } };
      change(copy.nodes);
      return () => checkEnsemble(copy);
    };
    const inner = e.nodes.feature.findIndex((f) => f === 0);
    expect(broken((n) => (n.left[inner] = inner))).toThrow(/children .* outside its tree or not after it/);
    expect(broken((n) => (n.left[inner] = n.right[inner]))).toThrow('outside its tree or not after it');
    expect(broken((n) => (n.feature[inner] = 9))).toThrow('splits on feature 9; the model has 2');
    expect(broken((n) => (n.value[3] = NaN))).toThrow('has a value that is not a finite number');
    expect(broken((n) => (n.threshold[inner] = NaN))).toThrow('has threshold NaN');
    // A category-set split moved onto the numeric feature.
    const categorical = e.nodes.feature.findIndex((f) => f === 1);
    expect(categorical).toBeGreaterThanOrEqual(0);
    expect(broken((n) => (n.feature[categorical] = 0))).toThrow('splits feature 0 as categories, but it is numeric');
  });
});
