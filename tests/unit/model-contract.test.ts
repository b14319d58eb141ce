/**
 * The model contract, checked over every registered kind and every task it does: fit through the
 * executor, write the model file, read it back, predict — the reloaded model scores exactly as the
 * fitted one, and the kind's artifacts follow the storage rules. A new kind is covered by being in
 * the registry.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { modelKinds } from '../../src/core/models/kinds';
import { predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import { kindCases, kindsTable, quickSpec } from './fixtures/every-kind';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = { name: 'contract.csv', sha256: 'c0ffee' };

describe.each(kindCases)('%s (%s)', (kind, task) => {
  it('fits, writes its model file, reads it back and predicts exactly as before', async () => {
    const data = kindsTable(task);
    const { fitted, summary } = await runFirstModel(quickSpec(kind, task), data, { dataset, seed: 5 });
    expect(summary.modelKind).toBe(kind);
    expect(fitted.model.kind).toBe(kind);
    expect(summary.backend).not.toBe('');

    // Storage rules: JSON artifacts end in .json, binary ones do not; every one is in the file under model/.
    const { json, blobs } = fitted.model.artifacts;
    expect(Object.keys(json).length + Object.keys(blobs).length).toBeGreaterThan(0);
    for (const name of Object.keys(json)) expect(name).toMatch(/\.json$/);
    for (const name of Object.keys(blobs)) expect(name).not.toMatch(/\.json$/);
    const bytes = await writeBundle(fitted);
    const { fitted: back } = await readBundle(bytes);
    expect(back.model.artifacts).toEqual(fitted.model.artifacts);
    expect(back.model.features).toEqual(fitted.model.features);

    const before = tf.memory().numTensors;
    const direct = await predictTable(fitted, data);
    const reloaded = await predictTable(back, data);
    expect(tf.memory().numTensors).toBe(before);
    const values = (columns: typeof direct) => columns.map((c) => [c.name, Array.from<string | number>(c.values)]);
    expect(values(reloaded)).toEqual(values(direct));
    expect(direct[0].name).toBe('predicted_label');
    if (task === 'classification') expect(direct.map((c) => c.name).slice(1)).toEqual(['proba_high', 'proba_low', 'proba_mid']); // classes in sorted order
    // Answers a person can read: a known class with probabilities summing to 1, or a finite value.
    if (task === 'classification') {
      expect(new Set(direct[0].values as string[]).size).toBeGreaterThan(0);
      for (const p of direct[0].values as string[]) expect(['low', 'mid', 'high']).toContain(p);
      for (let r = 0; r < data.rowCount; r++) expect(direct.slice(1).reduce((sum, c) => sum + (c.values as Float64Array)[r], 0)).toBeCloseTo(1, 5);
    } else {
      expect((direct[0].values as Float64Array).every(Number.isFinite)).toBe(true);
    }
  });

  it('refuses its own artifacts once they are cut short, naming what is wrong', async () => {
    const { fitted } = await runFirstModel(quickSpec(kind, task), kindsTable(task), { dataset, seed: 5 });
    const implementation = await modelKinds.find((k) => k.kind === kind)!.implementation();
    expect(() => implementation.check(fitted.model.artifacts, fitted.model)).not.toThrow();
    const [name, bytes] = Object.entries(fitted.model.artifacts.blobs)[0];
    const cut = { ...fitted.model.artifacts, blobs: { ...fitted.model.artifacts.blobs, [name]: bytes.slice(0, bytes.length - 4) } };
    expect(() => implementation.check(cut, fitted.model)).toThrow(/\w/);
  });
});
