/**
 * k-nearest neighbours through the whole pipeline: quality on the shared splits beside
 * scikit-learn's KNeighborsClassifier(n_neighbors=5), the model file (model/knn.json + model/knn.bin)
 * round trip, refusal of damaged or inconsistent files, and the predictor's tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_VERSION, readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { parseCsv } from '../../src/core/csv/parse';
import { sha256Hex } from '../../src/core/hash';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { createPredictor, predictInChunks, predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel, type ModelResult } from '../../src/core/pipeline/run';
import type { RunEvent } from '../../src/core/pipeline/events';
import type { Table } from '../../src/core/table/table';

const datasets = new URL('../../../shared/datasets/', import.meta.url);

async function shared(name: string): Promise<{ table: Table; split: { test_indices: number[]; train_indices: number[] } }> {
  const { table } = await parseCsv(new Uint8Array(readFileSync(new URL(`${name}.csv`, datasets))));
  return { table, split: JSON.parse(readFileSync(new URL(`${name}.test-idx.json`, datasets), 'utf8')) };
}

async function runKnn(name: string, target: string, params: Record<string, string | number> = {}, onEvent?: (e: RunEvent) => void): Promise<ModelResult & { table: Table }> {
  const { table, split } = await shared(name);
  const spec = defaultPipeline(target, 'classification', 'knn');
  const model = spec.nodes.find((n) => n.kind === 'knn')!;
  model.params = { ...model.params, ...params };
  const result = await runFirstModel(spec, table, { dataset: { name, sha256: '00'.repeat(32) }, testRows: { test: split.test_indices, train: split.train_indices }, onEvent });
  return { ...result, table };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('k-nearest neighbours on the shared splits (default pipeline: impute, standardise, one-hot)', () => {
  // scikit-learn 1.9.1, KNeighborsClassifier(n_neighbors=5) after the BASELINES.md preprocessing (median
  // impute + StandardScaler, most-frequent impute + one-hot), on the same fixed splits.
  const cases = [
    { name: 'iris', target: 'Species', sklearn: { uniform: 0.9333, distance: 0.9667 } },
    { name: 'penguins', target: 'species', sklearn: { uniform: 0.971, distance: 0.971 } },
    { name: 'breast_cancer', target: 'diagnosis', sklearn: { uniform: 0.9561, distance: 0.9561 } },
  ];
  for (const c of cases) {
    for (const weights of ['uniform', 'distance'] as const) {
      // The same neighbours give the same accuracy; at most one test row may differ, where float32
      // rounding orders two almost equally distant training rows differently.
      it(`${c.name}, ${weights} weights: accuracy within one test row of scikit-learn's ${c.sklearn[weights]}`, async () => {
        const { summary } = await runKnn(c.name, c.target, { weights });
        expect(Math.abs(summary.metrics.accuracy - c.sklearn[weights])).toBeLessThanOrEqual(1 / summary.testRows + 1e-4);
      });
    }
  }
});

describe('a k-nearest-neighbours run and its model file', () => {
  let fitted: FittedPipeline;
  let bytes: Uint8Array;
  let table: Table;
  const events: RunEvent[] = [];

  beforeAll(async () => {
    const result = await runKnn('iris', 'Species', {}, (e) => events.push(e));
    ({ fitted, table } = result);
    bytes = await writeBundle(fitted);
  });

  it('reports one fit in the run log and no epochs', () => {
    expect(events.filter((e) => e.type === 'epoch')).toEqual([]);
    const fits = events.filter((e) => e.type === 'log' && /k-nearest neighbours keeps/.test(e.message));
    expect(fits).toHaveLength(1);
    expect(fits[0]).toMatchObject({ message: expect.stringMatching(/^model: k-nearest neighbours keeps 120 training rows × 4 features \(k = 5, uniform weights, euclidean distance\); no epochs to train; fitted in \d+ ms$/) });
  });

  it('stores model/knn.json and model/knn.bin (float32 little-endian rows and targets), no network', () => {
    const files = unzipSync(bytes);
    expect(Object.keys(files).filter((f) => f.startsWith('model/')).sort()).toEqual(['model/knn.bin', 'model/knn.json']);
    const header = JSON.parse(new TextDecoder().decode(files['model/knn.json']));
    expect(header).toMatchObject({ format: 'knn', version: 1, k: 5, weights: 'uniform', metric: 'euclidean', task: 'classification', classes: 3, rows: 120, features: 4 });
    const bin = files['model/knn.bin'];
    expect(bin.length).toBe((120 * 4 + 120) * 4);
    const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
    const targets = Array.from({ length: 120 }, (_, i) => view.getFloat32((480 + i) * 4, true));
    expect(new Set(targets)).toEqual(new Set([0, 1, 2]));
    const card = new TextDecoder().decode(files['MODEL_CARD.md']);
    expect(card).toContain('A model that predicts **Species** (classification)');
    expect(card).toContain('## Model\nk-nearest neighbours (`knn`). Parameters: k = 5, weights = "uniform", metric = "euclidean".');
    expect(card).toContain('keeps its preprocessed training rows in `model/knn.bin`');
    expect(JSON.parse(new TextDecoder().decode(files['manifest.json'])).version).toBe(MODEL_VERSION);
  });

  it('round-trips to identical predictions, chunked or not, and the predictor releases its tensors', async () => {
    const { fitted: back } = await readBundle(bytes);
    expect(back.model.artifacts).toEqual(fitted.model.artifacts);
    const before = tf.memory().numTensors;
    const direct = await predictTable(fitted, table);
    const predictor = await createPredictor(back);
    // It holds the training rows, their squared norms and the one-hot targets between calls.
    expect(tf.memory().numTensors).toBe(before + 3);
    const chunked = await predictInChunks(predictor, table, 17);
    predictor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const values = (columns: typeof direct) => columns.map((c) => [c.name, Array.from<string | number>(c.values)]);
    expect(values(chunked)).toEqual(values(direct));
    expect(direct.map((c) => c.name)).toEqual(['predicted_Species', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
    // Uniform votes of five neighbours: every probability is a multiple of 1/5.
    for (const c of direct.slice(1)) for (const p of c.values as Float64Array) expect(Math.abs(p * 5 - Math.round(p * 5))).toBeLessThan(1e-6);
  });

  /** Replace an entry and keep the manifest's hash in step, so the content checks (not the hash) must catch it. */
  async function rewritten(path: string, content: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    const files = unzipSync(bytes);
    files[path] = content;
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    manifest.entries[path] = { sha256: await sha256Hex(content), bytes: content.length };
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
    return zipSync(files);
  }

  it('refuses a damaged or inconsistent knn.bin / knn.json with a specific message', async () => {
    const files = unzipSync(bytes);
    const bin = files['model/knn.bin'];
    const header = JSON.parse(new TextDecoder().decode(files['model/knn.json']));
    const flipped = bin.slice();
    flipped[10] ^= 0xff;
    await expect(readBundle(zipSync({ ...files, 'model/knn.bin': flipped }))).rejects.toThrow(/model\/knn\.bin is corrupted \(its sha-256 does not match the manifest\)/);
    await expect(readBundle(await rewritten('model/knn.bin', bin.slice(0, bin.length - 8)))).rejects.toThrow(
      /its model is inconsistent: knn\.bin is 2392 bytes; knn\.json describes 120 rows × 4 features and 120 targets \(float32\), which take 2400 bytes/,
    );
    const badTarget = bin.slice();
    new DataView(badTarget.buffer).setFloat32((480 + 3) * 4, 3, true);
    await expect(readBundle(await rewritten('model/knn.bin', badTarget))).rejects.toThrow(/knn\.bin: training row 4 has target 3, not a class index below 3/);
    await expect(readBundle(await rewritten('model/knn.json', strToU8(JSON.stringify({ ...header, k: 500 }))))).rejects.toThrow(/knn\.json must have k from 1 to the 120 training rows, found 500/);
    await expect(readBundle(await rewritten('model/knn.json', strToU8(JSON.stringify({ ...header, features: 5 }))))).rejects.toThrow(/knn\.json has 5 features per row, the model reads 4 columns/);
    await expect(readBundle(await rewritten('model/knn.json', strToU8('[1, 2]')))).rejects.toThrow(/model\/knn\.json is not a JSON object/);
    await expect(readBundle(await rewritten('model/knn.json', strToU8('{"k": ')))).rejects.toThrow(/model\/knn\.json is not valid JSON/);
    const withoutState = { ...files };
    delete withoutState['model/knn.bin'];
    await expect(readBundle(zipSync(withoutState))).rejects.toThrow(/model\/knn\.bin is missing/);
  });
});
