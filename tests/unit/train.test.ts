/** The shared training loop's options: optimisers, schedule, validation + early stopping, class weights, penalties. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { linearRegressionNetwork as linearRegression, logisticRegressionNetwork as logisticRegression } from './fixtures/linear-networks';
import { defaultParams } from '../../src/core/params';
import { mlpNetwork as mlp } from '../../src/core/models/network/mlp';
import type { TrainingParams } from '../../src/core/models/training-params';
import { balancedClassWeights, learningRateAt, trainModel, type TrainingData } from '../../src/core/models/network/train';
import { seededRng } from '../../src/core/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Two noisy classes along the first of `features` columns; the rest is noise. */
function classes(rows: number, features = 4, positiveShare = 0.5): TrainingData {
  const rng = seededRng(11);
  const x = new Float32Array(rows * features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = rng() < positiveShare ? 1 : 0;
    for (let j = 0; j < features; j++) x[i * features + j] = (j === 0 ? (y[i] ? 1 : -1) : 0) + (rng() - 0.5) * 2;
  }
  return { x, y, rows, features, outputs: 2 };
}

const context = (data: TrainingData, task: 'classification' | 'regression' = 'classification') => ({
  inputs: data.features,
  outputs: data.outputs,
  task,
  trainRows: data.rows,
  targetStd: 1,
  seed: 1,
});

function params(kind: typeof logisticRegression, overrides: Partial<TrainingParams> & Record<string, unknown> = {}) {
  return { ...defaultParams(kind.params), ...overrides } as unknown as TrainingParams & Record<string, never>;
}

describe('training options', () => {
  it('decays the learning rate along a cosine from the initial rate to 1 % of it', () => {
    const p = { schedule: 'cosine' as const, learning_rate: 0.1, epochs: 11 };
    expect(learningRateAt(p, 1)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(p, 6)).toBeCloseTo(0.1 * (0.01 + 0.99 * 0.5), 12);
    expect(learningRateAt(p, 11)).toBeCloseTo(0.001, 12);
    expect(learningRateAt({ ...p, schedule: 'constant' }, 11)).toBe(0.1);
  });

  it('weights classes as scikit-learn "balanced": n / (classes × count)', () => {
    // 8 rows: six of class 0, two of class 1 → 8/(2·6) and 8/(2·2).
    expect(balancedClassWeights(Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1]), 2)).toEqual({ 0: 8 / 12, 1: 2 });
  });

  for (const optimizer of ['adam', 'sgd', 'rmsprop'] as const) {
    it(`learns with ${optimizer}, leaving no tensor behind`, async () => {
      const data = classes(200);
      const before = tf.memory().numTensors;
      const model = logisticRegression.build({}, context(data));
      const outcome = await trainModel(model, data, 'classification', params(logisticRegression, { optimizer, epochs: 15, learning_rate: optimizer === 'sgd' ? 0.05 : 0.03 }), 1);
      model.dispose();
      expect(outcome.losses.at(-1)).toBeLessThan(outcome.losses[0]);
      expect(outcome.losses.at(-1)).toBeLessThan(0.45);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('holds out validation rows, stops early and restores the best epoch', async () => {
    const data = classes(60, 30); // few rows, many noise features: a wide MLP overfits quickly
    const before = tf.memory().numTensors;
    const model = mlp.build({ units: 256 }, context(data));
    const outcome = await trainModel(
      model,
      data,
      'classification',
      params(mlp as typeof logisticRegression, { epochs: 300, learning_rate: 0.01, schedule: 'constant', validation_fraction: 0.3, patience: 5 }),
      3,
    );
    expect(outcome.valLosses).toHaveLength(outcome.losses.length);
    expect(outcome.stoppedEarly).toBe(true);
    expect(outcome.losses.length).toBeLessThan(300);
    const bestVal = Math.min(...outcome.valLosses);
    expect(outcome.valLosses[outcome.bestEpoch - 1]).toBe(bestVal);
    expect(outcome.losses.length - outcome.bestEpoch).toBe(5);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an L1 penalty drives the noise features to (near) zero, L2 only shrinks them', async () => {
    const data = classes(300, 6);
    const kernel = async (penalty: string) => {
      const model = logisticRegression.build({ penalty, C: 0.05 }, context(data));
      await trainModel(model, data, 'classification', params(logisticRegression, { epochs: 60 }), 1);
      const w = Array.from(model.getWeights()[0].dataSync());
      model.dispose();
      // Column-major per input row: [input j][class k]; the noise inputs are j = 1..5.
      return w.slice(2).map(Math.abs);
    };
    const l1 = await kernel('l1');
    const l2 = await kernel('l2');
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(l1)).toBeLessThan(0.02);
    expect(mean(l1)).toBeLessThan(mean(l2));
  });

  it('balanced class weights raise the recall of a rare class', async () => {
    const data = classes(400, 4, 0.1);
    const recallOfRare = async (class_weight: 'none' | 'balanced') => {
      const model = logisticRegression.build({}, context(data));
      await trainModel(model, data, 'classification', params(logisticRegression, { epochs: 20, class_weight }), 1);
      const p = tf.tidy(() => (model.predict(tf.tensor2d(data.x, [data.rows, data.features])) as tf.Tensor).argMax(1).dataSync());
      model.dispose();
      let hit = 0;
      let total = 0;
      data.y.forEach((y, i) => {
        if (y === 1) {
          total++;
          if (p[i] === 1) hit++;
        }
      });
      return hit / total;
    };
    expect(await recallOfRare('balanced')).toBeGreaterThanOrEqual(await recallOfRare('none'));
  });

  it('ridge regression learns a line in standardised units', async () => {
    const rng = seededRng(5);
    const x = Float32Array.from({ length: 200 }, () => rng() * 2 - 1);
    const data: TrainingData = { x, y: Float32Array.from(x, (v) => 2 * v), rows: 200, features: 1, outputs: 1 };
    const model = linearRegression.build({ alpha: 0 }, context(data, 'regression'));
    await trainModel(model, data, 'regression', params(linearRegression, { epochs: 40 }), 1);
    expect(model.getWeights()[0].dataSync()[0]).toBeCloseTo(2, 1);
    model.dispose();
  });
});

describe('backend timing probe', () => {
  it('times training steps of the real model shape and releases every tensor', async () => {
    const { msPerTrainingStep } = await import('../../src/core/models/network/probe');
    const before = tf.memory().numTensors;
    const ms = await msPerTrainingStep({ kind: mlp, params: {}, inputs: 20, outputs: 2, task: 'classification', rows: 5000 }, 3, 1);
    expect(ms).toBeGreaterThan(0);
    expect(Number.isFinite(ms)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
