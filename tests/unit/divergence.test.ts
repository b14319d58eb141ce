/** A network that diverges: the run's error names the likely cause in the data, not generic advice. */
import { beforeAll, describe, expect, it } from 'vitest';
import { useFastestNodeBackend } from '../../src/cli/backend';
import { divergenceCauses, explainDivergence, magnitude } from '../../src/core/pipeline/divergence';
import type { FittedStep } from '../../src/core/pipeline/fitted';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineNode, PipelineSpec } from '../../src/core/pipeline/spec';
import { seededRng } from '../../src/core/random';
import type { Table } from '../../src/core/table/table';

/** An error as the training loop throws it (models/network/train.ts), without loading TensorFlow.js here. */
function diverged(): Error {
  const error = new Error('Training diverged at epoch 1: the loss became NaN or infinite. Try a lower learning rate, or standardise the features.');
  error.name = 'TrainingDiverged';
  return Object.assign(error, { happened: 'Training diverged at epoch 1: the loss became NaN or infinite' });
}

const column = (values: number[]) => Float64Array.from(values);

describe('divergenceCauses', () => {
  it('names a wide one-hot encoding, with the largest value scaling gave its rare categories', () => {
    const categories = Array.from({ length: 60 }, (_, i) => `d${i}`);
    const features = [...categories.map((c) => ({ name: `Release=${c}` })), { name: 'Release=other' }, { name: 'age' }];
    const columns = features.map((_, i) => column(i === 5 ? [-0.2, 40] : [-0.2, 0.4]));
    const steps: FittedStep[] = [
      { id: 'one_hot', kind: 'one_hot', state: { columns: { Release: categories }, other: { Release: ['d60', 'd61', 'd62'] } } },
      { id: 'standardize', kind: 'standardize', state: { columns: Object.fromEntries(features.map((f) => [f.name, { mean: 0, std: 1 }])) } },
    ];
    expect(divergenceCauses({ features, columns }, steps)).toEqual([
      {
        said: "61 features from one-hot encoding 'Release' (63 categories), most of them rare categories that scaling turns into values up to 40",
        advice: 'give that column the role "Category, many values" (target encoding), or set the one-hot step\'s max categories',
      },
    ]);
  });

  it('names features no scaler touched that reach the thousands, and scaled ones that reach tens of units', () => {
    const features = [{ name: 'income' }, { name: 'age' }, { name: 'spikes' }, { name: 'rooms' }];
    const columns = [column([20_000, 3_210_000, NaN]), column([30, 999]), column([-1, 812.4]), column([1, 29])];
    const steps: FittedStep[] = [{ id: 'standardize', kind: 'standardize', state: { columns: { spikes: { mean: 0, std: 1 }, rooms: { mean: 0, std: 1 } } } }];
    expect(divergenceCauses({ features, columns }, steps)).toEqual([
      { said: "feature 'income' is not scaled (values up to 3.2e6)", advice: 'add a Standardize step for it' },
      { said: "feature 'spikes' still reaches 812 after scaling (extreme outliers)", advice: 'clip the outliers (Clip to quantiles) or log-transform the feature' },
    ]);
  });

  it('finds nothing in well-scaled data', () => {
    expect(divergenceCauses({ features: [{ name: 'a' }], columns: [column([-2, 3])] }, [])).toEqual([]);
  });

  it('writes magnitudes as a person reads them', () => {
    expect([magnitude(3_210_000), magnitude(41.74), magnitude(1234.5), magnitude(99_999)]).toEqual(['3.2e6', '41.7', '1,235', '99,999']);
  });
});

describe('explainDivergence', () => {
  const data = { features: [{ name: 'income' }], columns: [column([5e6])] };

  it('replaces the advice of a divergence with the cause in the data, keeping the name', () => {
    const error = explainDivergence(diverged(), data, []) as Error;
    expect(error.name).toBe('TrainingDiverged');
    expect(error.message).toBe(
      "Training diverged at epoch 1: the loss became NaN or infinite. Likely cause in the data: feature 'income' is not scaled (values up to 5.0e6). Try: add a Standardize step for it; or a lower learning rate.",
    );
  });

  it('leaves other errors, and divergences the data does not explain, as they are', () => {
    const other = new Error('out of memory');
    expect(explainDivergence(other, data, [])).toBe(other);
    const plain = diverged();
    expect(explainDivergence(plain, { features: [{ name: 'a' }], columns: [column([1])] }, [])).toBe(plain);
  });
});

describe('a diverging run names the cause', () => {
  const rows = 2000;
  const rng = seededRng(3);
  const income = Float64Array.from({ length: rows }, () => Math.round(20_000 + rng() ** 3 * 3_200_000));
  const release = Int32Array.from({ length: rows }, () => Math.floor(rng() * 1600));
  const table: Table = {
    rowCount: rows,
    columns: [
      { name: 'income', kind: 'numeric', values: income },
      { name: 'Release Date', kind: 'categorical', codes: release, categories: Array.from({ length: 1600 }, (_, i) => `day ${i}`) },
      { name: 'value', kind: 'numeric', values: Float64Array.from({ length: rows }, (_, i) => income[i] / 1e5 + (release[i] % 7) + rng()) },
    ],
  };
  // The last 400 rows are the test rows: the training rows are known, so is what the steps learn from them.
  const test = Array.from({ length: 400 }, (_, i) => rows - 400 + i);
  const training = Array.from({ length: rows - 400 }, (_, i) => i);

  function spec(steps: string[], model: Record<string, number | string>): PipelineSpec {
    const nodes: PipelineNode[] = [
      { id: 'source', kind: 'source', params: {} },
      ...steps.map((kind) => ({ id: kind, kind, params: {} })),
      { id: 'split', kind: 'split', params: {} },
      { id: 'model', kind: 'mlp', params: { epochs: 3, schedule: 'constant', optimizer: 'sgd', ...model } },
      { id: 'evaluate', kind: 'evaluate', params: {} },
    ];
    return { format: 'pipeline-studio.pipeline', version: 2, name: 'diverge', task: 'regression', target: 'value', nodes, edges: nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id })) };
  }
  const run = (s: PipelineSpec) => runFirstModel(s, table, { dataset: { name: 'd.csv', sha256: 'd' }, seed: 1, testRows: { test } });

  beforeAll(async () => {
    await useFastestNodeBackend();
  });

  it("standardised one-hot features of a 1,600-date column: names the column, its categories and the rare categories' values", async () => {
    const counts = new Map<number, number>();
    for (const r of training) counts.set(release[r], (counts.get(release[r]) ?? 0) + 1);
    // A category seen once in n training rows standardises (population std) to sqrt(n − 1).
    expect([...counts.values()]).toContain(1);
    const peak = magnitude(Math.sqrt(training.length - 1));
    await expect(run(spec(['one_hot', 'standardize'], { learning_rate: 1 }))).rejects.toThrow(
      `Training diverged at epoch 1: the loss became NaN or infinite. Likely cause in the data: ${counts.size.toLocaleString('en')} features from one-hot encoding 'Release Date' (${counts.size.toLocaleString('en')} categories), most of them rare categories that scaling turns into values up to ${peak}.`,
    );
  }, 60_000);

  it('an unscaled income: names the feature and its largest training value', async () => {
    const largest = Math.max(...training.map((r) => income[r]));
    await expect(run(spec([], { learning_rate: 0.001 }))).rejects.toThrow(
      `Likely cause in the data: feature 'income' is not scaled (values up to ${magnitude(largest)}). Try: add a Standardize step for it; or a lower learning rate.`,
    );
  }, 60_000);
});
