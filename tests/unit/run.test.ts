/**
 * The executor end to end on small synthetic tables: tensors are all released, the same seed gives
 * the same metrics, cancelling stops cleanly, and a diverging run says what to try.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';

const dataset = { name: 'synthetic', sha256: '0'.repeat(64) };

/** Two well-separated blobs with a categorical column and a few missing cells. */
function blobs(rows: number): Table {
  const rng = seededRng(1);
  const x1 = new Float64Array(rows);
  const x2 = new Float64Array(rows);
  const codes = new Int32Array(rows);
  const label = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = i % 2;
    label[i] = k;
    x1[i] = (k ? 3 : -3) + rng() * 2;
    x2[i] = i % 17 === 0 ? NaN : rng() * 10;
    codes[i] = i % 3 === 0 ? -1 : Math.floor(rng() * 3);
  }
  return {
    rowCount: rows,
    columns: [
      { name: 'x1', kind: 'numeric', values: x1 },
      { name: 'x2', kind: 'numeric', values: x2 },
      { name: 'c', kind: 'categorical', codes, categories: ['a', 'b', 'c'] },
      { name: 'label', kind: 'categorical', codes: label, categories: ['no', 'yes'] },
    ],
  };
}

function linear(rows: number): Table {
  const rng = seededRng(2);
  const x = Float64Array.from({ length: rows }, () => rng() * 10);
  const y = Float64Array.from(x, (v) => 3 * v + 5 + (rng() - 0.5) * 0.1);
  return { rowCount: rows, columns: [{ name: 'x', kind: 'numeric', values: x }, { name: 'y', kind: 'numeric', values: y }] };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('runFirstModel', () => {
  it('classifies, and ends with as many tensors as it started with', async () => {
    const spec = defaultPipeline('label', 'classification');
    const before = tf.memory().numTensors;
    const { summary, fitted } = await runFirstModel(spec, blobs(200), { dataset });
    expect(tf.memory().numTensors).toBe(before);
    expect(summary.metrics.accuracy).toBeGreaterThan(0.95);
    expect(summary.trainRows + summary.testRows).toBe(200);
    expect(fitted.model.features).toEqual(['x1', 'x2', 'c=a', 'c=b', 'c=c']);
    const predicted = await predictTable(fitted, blobs(200));
    expect(tf.memory().numTensors).toBe(before);
    expect(predicted.map((c) => c.name)).toEqual(['predicted_label', 'proba_no', 'proba_yes']);
  });

  it('leaves the tensor count where it was after five consecutive runs', async () => {
    const spec = defaultPipeline('label', 'classification', 'mlp');
    spec.nodes[5].params = { ...spec.nodes[5].params, epochs: 3, validation_fraction: 0.2, patience: 2 };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await runFirstModel(spec, blobs(120), { dataset, seed: i });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('regresses a line and maps predictions back to the original scale', async () => {
    const spec = defaultPipeline('y', 'regression');
    spec.nodes[5].params = { ...spec.nodes[5].params, alpha: 0 };
    const { summary, fitted } = await runFirstModel(spec, linear(300), { dataset });
    expect(summary.metrics.r2).toBeGreaterThan(0.99);
    const [prediction] = await predictTable(fitted, { rowCount: 1, columns: [{ name: 'x', kind: 'numeric', values: Float64Array.from([4]) }] });
    expect((prediction.values as Float64Array)[0]).toBeCloseTo(17, 0);
  });

  it('gives identical metrics for the same seed', async () => {
    const spec = defaultPipeline('label', 'classification', 'mlp');
    spec.nodes[5].params.epochs = 5;
    const a = await runFirstModel(spec, blobs(120), { dataset, seed: 7 });
    const b = await runFirstModel(spec, blobs(120), { dataset, seed: 7 });
    expect(b.summary.metrics).toEqual(a.summary.metrics);
    expect(b.fitted.model.artifacts.blobs).toEqual(a.fitted.model.artifacts.blobs);
  });

  it('stops when cancelled, releasing every tensor', async () => {
    const spec = defaultPipeline('label', 'classification', 'mlp');
    spec.nodes[5].params.epochs = 1000;
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const epochs: number[] = [];
    const run = runFirstModel(spec, blobs(200), {
      dataset,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type !== 'epoch') return;
        epochs.push(e.epoch);
        if (e.epoch === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(epochs.length).toBeLessThanOrEqual(4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops a diverging run with advice', async () => {
    const spec = defaultPipeline('y', 'regression', 'mlp');
    spec.nodes[5].params = { ...spec.nodes[5].params, learning_rate: 1e6, epochs: 50 };
    const before = tf.memory().numTensors;
    await expect(runFirstModel(spec, linear(100), { dataset })).rejects.toThrow(/diverged.*lower learning rate/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
