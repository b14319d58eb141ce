/**
 * The warm predictor: same columns as one-off scoring, chunked scoring equal to whole-table scoring,
 * cancel between chunks, and every tensor released.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { createPredictor, predictInChunks, predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { Task } from '../../src/core/pipeline/spec';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';

const dataset = { name: 'synthetic', sha256: '0'.repeat(64) };

/** A numeric column with missing cells, a category, and a target that depends on both. */
function data(rows: number, task: Task): Table {
  const rng = seededRng(4);
  const x = Float64Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? NaN : rng() * 4 - 2));
  const codes = Int32Array.from({ length: rows }, () => Math.floor(rng() * 3));
  const signal = Float64Array.from(x, (v, i) => (Number.isNaN(v) ? 0 : v) + codes[i] - 1);
  const target =
    task === 'classification'
      ? ({ name: 'y', kind: 'categorical', categories: ['low', 'high'], codes: Int32Array.from(signal, (s) => (s > 0 ? 1 : 0)) } as const)
      : ({ name: 'y', kind: 'numeric', values: Float64Array.from(signal, (s) => 10 * s + 3) } as const);
  return {
    rowCount: rows,
    columns: [{ name: 'x', kind: 'numeric', values: x }, { name: 'c', kind: 'categorical', categories: ['a', 'b', 'c'], codes }, target],
  };
}

async function fit(task: Task): Promise<FittedPipeline> {
  const spec = defaultPipeline('y', task);
  return (await runFirstModel(spec, data(120, task), { dataset })).fitted;
}

let classifier: FittedPipeline;
let regressor: FittedPipeline;
const input = data(53, 'classification');

beforeAll(async () => {
  await tf.setBackend('cpu');
  [classifier, regressor] = [await fit('classification'), await fit('regression')];
});

describe('createPredictor', () => {
  it('scores as predictTable does, for classes and for values', async () => {
    for (const fitted of [classifier, regressor]) {
      const predictor = await createPredictor(fitted);
      expect(await predictor.predict(input)).toEqual(await predictTable(fitted, input));
      predictor.dispose();
    }
  });

  it('appends the class and one probability per class', async () => {
    const predictor = await createPredictor(classifier);
    // Class labels are sorted: "high" comes first.
    const [predicted, high, low] = await predictor.predict(input);
    predictor.dispose();
    expect([predicted.name, high.name, low.name]).toEqual(['predicted_y', 'proba_high', 'proba_low']);
    for (let r = 0; r < input.rowCount; r++) {
      expect((low.values[r] as number) + (high.values[r] as number)).toBeCloseTo(1, 5);
      expect(predicted.values[r]).toBe((high.values[r] as number) > (low.values[r] as number) ? 'high' : 'low');
    }
  });

  it('holds only its weights between calls and releases them on dispose', async () => {
    const before = tf.memory().numTensors;
    const predictor = await createPredictor(classifier);
    const loaded = tf.memory().numTensors;
    await predictor.predict(input);
    await predictor.predict({ ...input, rowCount: 1, columns: input.columns.map((c) => ({ ...c })) });
    expect(tf.memory().numTensors).toBe(loaded);
    predictor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(predictor.predict(input)).rejects.toThrow(/disposed/);
  });

  it('gives empty columns for an empty table', async () => {
    const predictor = await createPredictor(regressor);
    const columns = await predictor.predict({ rowCount: 0, columns: data(0, 'regression').columns });
    predictor.dispose();
    expect(columns).toEqual([{ name: 'predicted_y', values: new Float64Array(0) }]);
  });
});

describe('predictInChunks', () => {
  it('equals whole-table scoring and reports progress after every chunk', async () => {
    const predictor = await createPredictor(classifier);
    const progress: number[] = [];
    const chunked = await predictInChunks(predictor, input, 10, (rows, total) => progress.push(rows / total));
    expect(chunked).toEqual(await predictor.predict(input));
    predictor.dispose();
    expect(progress).toEqual([10, 20, 30, 40, 50, 53].map((r) => r / 53));
  });

  it('stops between chunks when cancelled, releasing every tensor', async () => {
    const before = tf.memory().numTensors;
    const predictor = await createPredictor(regressor);
    const controller = new AbortController();
    const done: number[] = [];
    const scoring = predictInChunks(predictor, input, 10, (rows) => {
      done.push(rows);
      controller.abort();
    }, controller.signal);
    await expect(scoring).rejects.toMatchObject({ name: 'AbortError' });
    expect(done).toEqual([10]);
    predictor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scores nothing when already cancelled, and refuses a chunk size that is not a whole number', async () => {
    const predictor = await createPredictor(regressor);
    const onProgress = () => expect.unreachable();
    await expect(predictInChunks(predictor, input, 10, onProgress, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    await expect(predictInChunks(predictor, input, 0)).rejects.toThrow(/chunkRows/);
    predictor.dispose();
  });
});
