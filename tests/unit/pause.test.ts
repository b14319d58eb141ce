/** Pause and resume between epochs: training holds until resumed, and a cancel while paused still cancels. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { logisticRegressionNetwork as logisticRegression } from './fixtures/linear-networks';
import type { TrainingParams } from '../../src/core/models/training-params';
import { trainModel, type TrainingData } from '../../src/core/models/network/train';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { Table } from '../../src/core/table/table';
import { defaultParams } from '../../src/core/params';
import { seededRng } from '../../src/core/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function data(rows = 80, features = 3): TrainingData {
  const rng = seededRng(5);
  const x = new Float32Array(rows * features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = rng() < 0.5 ? 1 : 0;
    for (let j = 0; j < features; j++) x[i * features + j] = (j === 0 ? (y[i] ? 1 : -1) : 0) + rng() - 0.5;
  }
  return { x, y, rows, features, outputs: 2 };
}

const params = (epochs: number) => ({ ...defaultParams(logisticRegression.params), epochs }) as unknown as TrainingParams;

/** A pause gate like the worker's: closed by pause(), opened by resume(). */
function gate() {
  let held: { promise: Promise<void>; open: () => void } | undefined;
  return {
    paused: () => held?.promise ?? Promise.resolve(),
    pause() {
      if (held) return;
      let open = () => {};
      const promise = new Promise<void>((resolve) => (open = resolve));
      held = { promise, open };
    },
    resume() {
      held?.open();
      held = undefined;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wait (polling, as long as a loaded machine needs) until training has reached the pause. */
const reached = (check: () => void) => vi.waitFor(check, { timeout: 30_000, interval: 20 });

function build(d: TrainingData) {
  return logisticRegression.build({}, { inputs: d.features, outputs: d.outputs, task: 'classification', trainRows: d.rows, targetStd: 1, seed: 1 });
}

describe('pausing training', () => {
  it('holds epochs while paused and finishes every epoch once resumed', async () => {
    const d = data();
    const before = tf.memory().numTensors;
    const model = build(d);
    const g = gate();
    const seen: number[] = [];
    const training = trainModel(model, d, 'classification', params(10), 1, {
      paused: g.paused,
      onEpoch: ({ epoch }) => {
        seen.push(epoch);
        if (epoch === 3) g.pause();
      },
    });
    await reached(() => expect(seen).toEqual([1, 2, 3]));
    await sleep(150);
    expect(seen).toEqual([1, 2, 3]);
    g.resume();
    const outcome = await training;
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(outcome.losses).toHaveLength(10);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a cancel while paused rejects with AbortError and leaves no tensor behind', async () => {
    const d = data();
    const before = tf.memory().numTensors;
    const model = build(d);
    const g = gate();
    const controller = new AbortController();
    let last = 0;
    const training = trainModel(model, d, 'classification', params(10), 1, {
      signal: controller.signal,
      paused: g.paused,
      onEpoch: ({ epoch }) => {
        last = epoch;
        if (epoch === 2) g.pause();
      },
    });
    await reached(() => expect(last).toBe(2));
    controller.abort();
    await expect(training).rejects.toMatchObject({ name: 'AbortError' });
    expect(last).toBe(2);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without a pause the gate costs nothing: training runs straight through', async () => {
    const d = data();
    const model = build(d);
    const g = gate();
    const outcome = await trainModel(model, d, 'classification', params(5), 1, { paused: g.paused });
    expect(outcome.losses).toHaveLength(5);
    model.dispose();
  });

  it('runPipeline threads RunOptions.pause down to the training loop', async () => {
    const rows = 60;
    const rng = seededRng(2);
    const x = Float64Array.from({ length: rows }, () => rng() * 4 - 2);
    const table: Table = {
      rowCount: rows,
      columns: [
        { name: 'x', kind: 'numeric', values: x },
        { name: 'label', kind: 'categorical', codes: Int32Array.from(x, (v) => (v > 0 ? 1 : 0)), categories: ['no', 'yes'] },
      ],
    };
    const spec = defaultPipeline('label', 'classification', 'mlp');
    const model = spec.nodes.find((n) => n.id === 'model');
    if (model) model.params = { ...model.params, epochs: 8 };
    const before = tf.memory().numTensors;
    const g = gate();
    const seen: number[] = [];
    const run = runFirstModel(spec, table, {
      dataset: { name: 'tiny', sha256: '0'.repeat(64) },
      pause: g.paused,
      onEvent: (e) => {
        if (e.type !== 'epoch') return;
        seen.push(e.epoch);
        if (e.epoch === 2) g.pause();
      },
    });
    await reached(() => expect(seen).toEqual([1, 2]));
    await sleep(150);
    expect(seen).toEqual([1, 2]);
    g.resume();
    const result = await run;
    expect(seen).toHaveLength(8);
    expect(tf.memory().numTensors).toBe(before);
    // A pause changes nothing but the time taken: the same seed gives the same metrics unpaused.
    const straight = await runFirstModel(spec, table, { dataset: { name: 'tiny', sha256: '0'.repeat(64) } });
    expect(straight.summary.metrics).toEqual(result.summary.metrics);
  });
});
