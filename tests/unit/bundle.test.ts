/** The model file: round trip with identical predictions, and refusal of damaged or foreign files. */
import * as tf from '@tensorflow/tfjs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_VERSION, readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { sha256Hex } from '../../src/core/hash';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import { twoClassTable } from './fixtures/two-class-table';

const table = twoClassTable;

let fitted: FittedPipeline;
let bytes: Uint8Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const spec = defaultPipeline('y', 'classification');
  fitted = (await runFirstModel(spec, table, { dataset: { name: 't.csv', sha256: 'ab'.repeat(32) } })).fitted;
  bytes = await writeBundle(fitted);
});

/** Rewrite one entry and, optionally, keep the manifest's hash in step with it. */
async function tamper(path: string, content: Uint8Array<ArrayBuffer> | undefined, rehash: boolean) {
  const files = unzipSync(bytes);
  if (content === undefined) delete files[path];
  else files[path] = content;
  if (rehash && content) {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    manifest.entries[path] = { sha256: await sha256Hex(content), bytes: content.length };
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
  }
  return zipSync(files);
}

describe('model file', () => {
  it('holds the manifest, spec, states, schema, tfjs model.json + weights, metrics, lineage, data findings and card', () => {
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(
      [
        'MODEL_CARD.md',
        'explanations.json',
        'gate.json',
        'input-schema.json',
        'lineage.json',
        'manifest.json',
        'metrics.json',
        'model-info.json',
        'model/model.json',
        'model/weights.bin',
        'per-class.json',
        'pipeline.json',
        'quality.json',
        'steps.json',
        'training-profile.json',
      ].sort(),
    );
    const card = new TextDecoder().decode(files['MODEL_CARD.md']);
    expect(card).toContain('| class | precision | recall | F1 | support |');
    expect(card).toMatch(/\| even \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \|/);
    const modelJson = JSON.parse(new TextDecoder().decode(files['model/model.json']));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
  });

  it('round-trips to identical predictions', async () => {
    const { fitted: back, manifest } = await readBundle(bytes);
    expect(manifest.version).toBe(MODEL_VERSION);
    expect(back.spec).toEqual(fitted.spec);
    expect(back.steps).toEqual(fitted.steps);
    const [a, b] = [await predictTable(fitted, table), await predictTable(back, table)];
    const values = (columns: typeof a) => columns.map((c) => Array.from<string | number>(c.values));
    expect(values(b)).toEqual(values(a));
  });

  it('plain TensorFlow.js loads the exported model.json + weights', async () => {
    const files = unzipSync(bytes);
    const modelJson = JSON.parse(new TextDecoder().decode(files['model/model.json']));
    const w = files['model/weights.bin'];
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer }),
    );
    expect(model.inputs[0].shape).toEqual([null, fitted.model.features.length]);
    model.dispose();
  });

  it('reads a version-1 file (no training profile, per-class figures or gate) with safe defaults', async () => {
    const files = unzipSync(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    for (const path of ['training-profile.json', 'per-class.json', 'gate.json']) {
      delete files[path];
      delete manifest.entries[path];
    }
    files['manifest.json'] = strToU8(JSON.stringify({ ...manifest, version: 1 }));
    const { fitted: old } = await readBundle(zipSync(files));
    expect(old.trainingProfile).toEqual([]);
    expect(old.perClass).toBeUndefined();
    // An old model never passes a gate it was not judged by, so it cannot be promoted by accident.
    expect(old.gate).toEqual({ passed: false, checks: [] });
    expect(old.model.features).toEqual(fitted.model.features);
  });

  it('reads a version-2 file (before state models, a network in model/model.json + weights.bin)', async () => {
    const files = unzipSync(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    files['manifest.json'] = strToU8(JSON.stringify({ ...manifest, version: 2 }));
    const { fitted: old, manifest: read } = await readBundle(zipSync(files));
    expect(read.version).toBe(2);
    expect(old.model.artifacts).toEqual(fitted.model.artifacts);
  });

  it('reads a file written before the solvers: pipeline version 1, logistic regression with epoch settings', async () => {
    const files = unzipSync(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    const spec = JSON.parse(new TextDecoder().decode(files['pipeline.json']));
    const model = spec.nodes.find((n: { kind: string }) => n.kind === 'logistic_regression');
    model.params = { ...model.params, epochs: 100, batch_size: 0, learning_rate: 0.03, schedule: 'cosine', optimizer: 'adam', validation_fraction: 0, patience: 0, class_weight: 'none' };
    files['pipeline.json'] = strToU8(JSON.stringify({ ...spec, version: 1 }));
    manifest.entries['pipeline.json'] = { sha256: await sha256Hex(files['pipeline.json']), bytes: files['pipeline.json'].length };
    files['manifest.json'] = strToU8(JSON.stringify({ ...manifest, version: 3 }));
    const { fitted: old } = await readBundle(zipSync(files));
    expect(old.spec.version).toBe(2);
    expect(old.spec.nodes.find((n) => n.kind === 'logistic_regression')?.params).toEqual({ ...model.params, epochs: undefined, batch_size: undefined, learning_rate: undefined, schedule: undefined, optimizer: undefined, validation_fraction: undefined, patience: undefined });
    const values = (columns: Awaited<ReturnType<typeof predictTable>>) => columns.map((c) => Array.from<string | number>(c.values));
    expect(values(await predictTable(old, table))).toEqual(values(await predictTable(fitted, table)));
  });

  it('refuses a flipped byte, a missing entry, a future version, short weights, a truncated file and non-zips', async () => {
    const weights = unzipSync(bytes)['model/weights.bin'];
    const flipped = weights.slice();
    flipped[3] ^= 0xff;
    await expect(readBundle(await tamper('model/weights.bin', flipped, false))).rejects.toThrow(/model\/weights\.bin is corrupted/);
    await expect(readBundle(await tamper('steps.json', undefined, false))).rejects.toThrow(/steps\.json is missing/);
    await expect(readBundle(await tamper('model/weights.bin', weights.slice(0, weights.length - 4), true))).rejects.toThrow(/the weights are \d+ bytes, the topology needs \d+/);
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(bytes)['manifest.json']));
    const future = await tamper('manifest.json', strToU8(JSON.stringify({ ...manifest, version: MODEL_VERSION + 1 })), false);
    await expect(readBundle(future)).rejects.toThrow(/newer Pipeline Studio/);
    await expect(readBundle(strToU8('PK nonsense'))).rejects.toThrow(/not a readable zip archive/);
    await expect(readBundle(bytes.slice(0, Math.floor(bytes.length / 2)))).rejects.toThrow(/not a readable zip archive/);
    const foreign = zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'something-else', version: 1 })) });
    await expect(readBundle(foreign)).rejects.toThrow(/format is "something-else"/);
  });
});
