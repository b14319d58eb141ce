/**
 * The model file's fairness report, data findings and governance (fairness.json, quality.json,
 * governance.json): round trip, older files without them, damaged ones refused, and the model
 * card's sections built from them.
 */
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle, withGovernance, writeBundle } from '../../src/core/bundle/bundle';
import type { Governance } from '../../src/core/bundle/governance';
import { sha256Hex } from '../../src/core/hash';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { predictTable } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { codedColumn } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';

const ROWS = 60;
const table: Table = {
  rowCount: ROWS,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from({ length: ROWS }, (_, i) => (i % 2 ? 1.5 : -1.5) + (i % 5) / 5) },
    codedColumn('g', Array.from({ length: ROWS }, (_, i) => ['a', 'b', 'c'][i % 3]), new Set()),
    codedColumn('email', Array.from({ length: ROWS }, (_, i) => `user${i % 12}@example.org`), new Set()),
    codedColumn('surname', Array.from({ length: ROWS }, (_, i) => ['Lee', 'Khan'][i % 2]), new Set()),
    codedColumn('y', Array.from({ length: ROWS }, (_, i) => (i % 2 ? 'odd' : 'even')), new Set()),
  ],
};

/** The default pipeline, e-mail addresses hashed first, g marked sensitive with a parity limit. */
function spec(): PipelineSpec {
  const s = defaultPipeline('y', 'classification');
  s.nodes.splice(1, 0, { id: 'hash', kind: 'hash_columns', params: { columns: ['email'], salt: 'pepper' } });
  s.edges = s.nodes.slice(1).map((n, i) => ({ from: s.nodes[i].id, to: n.id }));
  (s.nodes.find((n) => n.kind === 'evaluate') as { params: object }).params = { sensitive: ['g'], max_demographic_parity_difference: 0.9 };
  return s;
}

const governance: Governance = { intendedUse: 'Sorting odd rows from even ones in the test suite.', limits: 'Never seen negative x beyond −2.', signOff: { by: 'Ada Lovelace', at: '2025-03-01T10:00:00.000Z' } };

let fitted: FittedPipeline;
let bytes: Uint8Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fitted = { ...(await runFirstModel(spec(), table, { dataset: { name: 'people.csv', sha256: 'ef'.repeat(32) } })).fitted, governance };
  bytes = await writeBundle(fitted);
});

const card = (file: Uint8Array) => strFromU8(unzipSync(file)['MODEL_CARD.md']);

/** The file with entries removed (and gone from the manifest) and the manifest's version set. */
async function older(version: number, remove: string[]): Promise<Uint8Array> {
  const files = unzipSync(bytes);
  const manifest = JSON.parse(strFromU8(files['manifest.json']));
  for (const path of remove) {
    delete files[path];
    delete manifest.entries[path];
  }
  files['manifest.json'] = strToU8(JSON.stringify({ ...manifest, version }));
  return zipSync(files);
}

describe('fairness, findings and governance in the model file', () => {
  it('are written as fairness.json, quality.json and governance.json, listed in the manifest, and read back as they were', async () => {
    const files = unzipSync(bytes);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    for (const path of ['fairness.json', 'quality.json', 'governance.json']) expect(manifest.entries[path]?.sha256).toBe(await sha256Hex(files[path]));
    const { fitted: back } = await readBundle(bytes);
    expect(back.fairness).toEqual(fitted.fairness);
    expect(back.findings).toEqual(fitted.findings);
    expect(back.governance).toEqual(governance);
    expect(back.fairness?.sensitive).toEqual(['g']);
    expect(back.findings?.warnings.map((w) => w.id)).toEqual(['personal_data:email', 'personal_data:surname']);
    // Example cells stay out of the file: it is shared, the data is not.
    expect(back.findings?.warnings.every((w) => !('examples' in w))).toBe(true);
  });

  it('opens version-3 and version-4 files that have none of them, and predicts as before', async () => {
    for (const version of [3, 4]) {
      const { fitted: old } = await readBundle(await older(version, ['fairness.json', 'quality.json', 'governance.json']));
      expect([old.fairness, old.findings, old.governance]).toEqual([undefined, undefined, undefined]);
      const values = (columns: Awaited<ReturnType<typeof predictTable>>) => columns.map((c) => Array.from<string | number>(c.values));
      expect(values(await predictTable(old, table))).toEqual(values(await predictTable(fitted, table)));
    }
  });

  it('writes no governance.json while nothing was written or signed', async () => {
    const plain = await writeBundle({ ...fitted, governance: { intendedUse: ' ', limits: '' } });
    expect(Object.keys(unzipSync(plain))).not.toContain('governance.json');
    expect((await readBundle(plain)).fitted.governance).toBeUndefined();
  });

  it('refuses a damaged or malformed entry', async () => {
    const files = unzipSync(bytes);
    files['fairness.json'] = strToU8(strFromU8(files['fairness.json']).replace('"g"', '"h"'));
    await expect(readBundle(zipSync(files))).rejects.toThrow('fairness.json is corrupted (its sha-256 does not match the manifest)');
    const bad = unzipSync(bytes);
    const manifest = JSON.parse(strFromU8(bad['manifest.json']));
    bad['governance.json'] = strToU8(JSON.stringify({ intendedUse: 'x', limits: '', signOff: { by: '', at: 'yesterday' } }));
    manifest.entries['governance.json'] = { sha256: await sha256Hex(bad['governance.json']), bytes: bad['governance.json'].length };
    bad['manifest.json'] = strToU8(JSON.stringify(manifest));
    await expect(readBundle(zipSync(bad))).rejects.toThrow('governance.json is invalid (signOff must name who signed off (by) and when (at, an ISO time))');
  });

  it('stamps a new governance record into an existing file, card included, predictions unchanged', async () => {
    const stamped = await withGovernance(await writeBundle({ ...fitted, governance: undefined }), { intendedUse: 'Demo only.', limits: '' });
    const { fitted: back } = await readBundle(stamped);
    expect(back.governance).toEqual({ intendedUse: 'Demo only.', limits: '' });
    expect(card(stamped)).toContain('## Intended use\nDemo only.\n');
    expect(card(stamped)).toContain('## Sign-off\nNot signed off.');
    expect((await predictTable(back, table))[0].values).toEqual((await predictTable(fitted, table))[0].values);
  });
});

describe('the model card', () => {
  it('says what the owner wrote: intended use, limits and the sign-off', () => {
    const text = card(bytes);
    expect(text).toContain(`## Intended use\n${governance.intendedUse}\n`);
    expect(text).toContain(`## Known limits\n${governance.limits}\n`);
    expect(text).toContain('## Sign-off\nApproved by Ada Lovelace on 2025-03-01T10:00:00.000Z.');
  });

  it('lists the columns the model reads, and the sensitive ones it does not', () => {
    expect(card(bytes)).toContain('## Columns the model reads\nRows scored by this model must have these columns: `x` (numeric), `email` (categorical), `surname` (categorical).\nThe sensitive columns `g` are not read by the model');
  });

  it('gives the fairness table per group and the disparities', () => {
    const report = fitted.fairness;
    const text = card(bytes);
    expect(text).toContain('| group | rows | accuracy | selection rate | true-positive rate | false-positive rate | precision |');
    report?.groups.forEach((g, i) => {
      const m = report.outcomes?.[0].groups[i].metrics ?? {};
      expect(text).toContain(`| g = ${g.values[0]} | ${g.rows} | ${g.metrics.accuracy.toFixed(4)} | ${m.selection_rate.toFixed(4)} | ${m.true_positive_rate.toFixed(4)} | ${m.false_positive_rate.toFixed(4)} | ${m.precision.toFixed(4)} |`);
    });
    expect(text).toContain(`Demographic parity difference ${report?.disparities.demographic_parity_difference?.toFixed(4)}`);
  });

  it('lists every privacy finding with what the pipeline does with the column', () => {
    const text = card(bytes);
    expect(text).toContain('## Privacy\nColumns that look like personal data:');
    expect(text).toContain('- "email" holds e-mail addresses: 100% of 60 sampled cells; replaced by salted SHA-256 hashes before the model.');
    expect(text).toContain('- "surname" is named like a person’s name, so its values may be personal data; read by the model as it is.');
    expect(text).toContain('## Data quality\nNo data-quality findings on the training data.');
  });

  it('says that a k-nearest-neighbours file, or an ensemble with a kNN member, holds the training rows', async () => {
    const knn = (await runFirstModel(defaultPipeline('y', 'classification', 'knn'), table, { dataset: { name: 'people.csv', sha256: 'ef'.repeat(32) } })).fitted;
    expect(card(await writeBundle(knn))).toContain('This model file contains the preprocessed training rows (the model keeps them to predict): whoever has the file has that data.');
    expect(card(bytes)).not.toContain('contains the preprocessed training rows');
    const members = (kinds: string[]) => JSON.stringify(kinds.map((kind) => ({ kind, params: kind === 'knn' ? { k: 3 } : {} })));
    const ensemble = (kinds: string[]) => {
      const spec = defaultPipeline('y', 'classification', 'voting');
      return { ...spec, nodes: spec.nodes.map((n) => (n.kind === 'voting' ? { ...n, params: { members: members(kinds) } } : n)) };
    };
    const dataset = { name: 'people.csv', sha256: 'ef'.repeat(32) };
    const withKnn = (await runFirstModel(ensemble(['logistic_regression', 'knn']), table, { dataset })).fitted;
    const without = (await runFirstModel(ensemble(['logistic_regression', 'gaussian_nb']), table, { dataset })).fitted;
    expect(card(await writeBundle(withKnn))).toContain('This model file contains the preprocessed training rows');
    expect(card(await writeBundle(without))).not.toContain('contains the preprocessed training rows');
  });

  it('says when fairness was not assessed', async () => {
    const plain = await writeBundle({ ...fitted, fairness: undefined });
    expect(card(plain)).toContain('## Fairness\nNo sensitive columns were marked when this model was trained: its fairness was not assessed.');
  });
});
