/** Gaussian naive Bayes against the posterior computed by hand from per-class means and variances. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { naiveBayesNetwork as gaussianNaiveBayes } from '../../src/core/models/network/naive-bayes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// scikit-learn's GaussianNB doc example: X = [[-1,-1],[-2,-1],[-3,-2],[1,1],[2,1],[3,2]], y = [1,1,1,2,2,2].
const X = [[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]];
const data = { x: Float32Array.from(X.flat()), y: Int32Array.from([0, 0, 0, 1, 1, 1]), rows: 6, features: 2, outputs: 2 };

/** The textbook posterior: per class, prior × Π normal densities, normalised. */
function posterior(point: number[], epsilon: number): number[] {
  const likelihood = [0, 1].map((c) => {
    const rows = X.slice(c * 3, c * 3 + 3);
    let p = 0.5;
    for (let j = 0; j < 2; j++) {
      const mean = rows.reduce((a, r) => a + r[j], 0) / 3;
      const variance = rows.reduce((a, r) => a + (r[j] - mean) ** 2, 0) / 3 + epsilon;
      p *= Math.exp(-((point[j] - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
    }
    return p;
  });
  const total = likelihood[0] + likelihood[1];
  return likelihood.map((l) => l / total);
}

describe('Gaussian naive Bayes', () => {
  it('gives the textbook posterior, as a plain LayersModel', () => {
    const before = tf.memory().numTensors;
    const model = gaussianNaiveBayes.build({}, { inputs: 2, outputs: 2, task: 'classification', trainRows: 6, targetStd: 1, seed: 0 });
    gaussianNaiveBayes.fit?.(model, { var_smoothing: 0.01 }, data);
    // Largest feature variance over all rows: x₀ has mean 0 and variance (1+4+9)·2/6 = 14/3.
    const epsilon = 0.01 * (14 / 3);
    for (const point of [[-0.8, -1], [0.5, 0.2], [2, -1]]) {
      const p = tf.tidy(() => Array.from((model.predict(tf.tensor2d([point])) as tf.Tensor).dataSync()));
      const expected = posterior(point, epsilon);
      expect(p[0]).toBeCloseTo(expected[0], 5);
      expect(p[1]).toBeCloseTo(expected[1], 5);
    }
    // scikit-learn's doc: predict([[-0.8, -1]]) → class 1 (our index 0).
    expect(posterior([-0.8, -1], epsilon)[0]).toBeGreaterThan(0.5);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Gaussian naive Bayes in a pipeline', () => {
  it('runs through the executor, the model file and the predictor like any model', async () => {
    const { defaultPipeline } = await import('../../src/core/pipeline/default');
    const { runFirstModel } = await import('../../src/core/pipeline/run');
    const { readBundle, writeBundle } = await import('../../src/core/bundle/bundle');
    const { predictTable } = await import('../../src/core/pipeline/predict');
    const rows = 120;
    const table = {
      rowCount: rows,
      columns: [
        { name: 'x', kind: 'numeric' as const, values: Float64Array.from({ length: rows }, (_, i) => (i % 2 ? 3 : -3) + (i % 7) / 7) },
        { name: 'y', kind: 'categorical' as const, codes: Int32Array.from({ length: rows }, (_, i) => i % 2), categories: ['a', 'b'] },
      ],
    };
    const { summary, fitted } = await runFirstModel(defaultPipeline('y', 'classification', 'gaussian_nb'), table, { dataset: { name: 't', sha256: '' } });
    expect(summary.metrics.accuracy).toBe(1);
    const back = (await readBundle(await writeBundle(fitted))).fitted;
    const [a, b] = [await predictTable(fitted, table), await predictTable(back, table)];
    expect(Array.from(b[1].values as Float64Array)).toEqual(Array.from(a[1].values as Float64Array));
  });
});
