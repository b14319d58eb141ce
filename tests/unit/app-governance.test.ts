/**
 * Fairness, privacy and governance as the page's state does them: marking sensitive columns on
 * every evaluate node (undoable), the privacy fixes (leave out, or hash with the pipeline's one
 * salt), intended use / limits / sign-off in the Models list, and Export carrying them, with a
 * warning first for a model that holds its training rows. Fake engine, real store (fake-indexeddb).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { privacyWarnings } from '../../src/core/quality/privacy';
import { codedColumn } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';
import * as modelStore from '../../src/store/models';
import { ModelsState } from '../../src/app/models.svelte';
import { closeDatabase, freshDatabase, modelsState, testStudio, type TestStudio } from './fakes/studio';

const ROWS = 30;
const TABLE: Table = {
  rowCount: ROWS,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from({ length: ROWS }, (_, i) => (i % 2 ? 1 : -1) + (i % 4) / 8) },
    codedColumn('email', Array.from({ length: ROWS }, (_, i) => `p${i}@example.com`), new Set()),
    codedColumn('phone', Array.from({ length: ROWS }, (_, i) => `+44 20 7946 ${String(1000 + i)}`), new Set()),
    codedColumn('y', Array.from({ length: ROWS }, (_, i) => (i % 2 ? 'b' : 'a')), new Set()),
  ],
};

const opened: TestStudio[] = [];

beforeEach(freshDatabase);

afterEach(async () => {
  for (const t of opened.splice(0)) t.studio.dispose();
  await closeDatabase();
});

/** A studio whose open pipeline is the default one on y, with a second model and its evaluate node. */
function studioWithPipeline(): TestStudio {
  const t = testStudio();
  opened.push(t);
  const spec = defaultPipeline('y', 'classification');
  spec.nodes.push({ id: 'nb', kind: 'gaussian_nb', params: {} }, { id: 'evaluate_nb', kind: 'evaluate', params: {} });
  spec.edges.push({ from: 'split', to: 'nb' }, { from: 'nb', to: 'evaluate_nb' });
  t.studio.pipeline.replace(spec, 'Open');
  return t;
}

/** The pipeline with its voting model's members set. */
function withMembers(spec: PipelineSpec, members: { kind: string; params: Record<string, number> }[]): PipelineSpec {
  return { ...spec, nodes: spec.nodes.map((n) => (n.kind === 'voting' ? { ...n, params: { members: JSON.stringify(members) } } : n)) };
}

const evaluateParams = (spec: PipelineSpec | null) => spec?.nodes.filter((n) => n.kind === 'evaluate').map((n) => n.params);

describe('sensitive columns in the editor', () => {
  it('are set on every evaluate node as one undoable edit, and the target is refused', () => {
    const { studio } = studioWithPipeline();
    const pipeline = studio.pipeline;
    expect(pipeline.setSensitive(['email'])).toBeNull();
    expect(evaluateParams(pipeline.spec)).toEqual([{ sensitive: ['email'] }, { sensitive: ['email'] }]);
    expect(pipeline.undoLabel).toBe('Sensitive columns: email');
    expect(pipeline.setSensitive(['email'], true)).toBeNull();
    expect(evaluateParams(pipeline.spec)).toEqual([{ sensitive: ['email'], sensitive_as_inputs: true }, { sensitive: ['email'], sensitive_as_inputs: true }]);
    expect(pipeline.setSensitive(['y'])).toBe('The target "y" cannot be a sensitive column');
    pipeline.undo();
    pipeline.undo();
    expect(evaluateParams(pipeline.spec)).toEqual([{}, {}]);
  });
});

describe('privacy fixes', () => {
  it('leave a column out, or hash it with the pipeline’s one salt', () => {
    const { studio } = studioWithPipeline();
    const [email, phone] = privacyWarnings(TABLE, 'y');
    studio.profile.applyFix(studio.pipeline, email, email.alternatives?.[0]);
    studio.profile.applyFix(studio.pipeline, phone, phone.alternatives?.[0]);
    const hashes = studio.pipeline.spec?.nodes.filter((n) => n.kind === 'hash_columns') ?? [];
    expect(hashes.map((n) => n.params.columns)).toEqual([['email'], ['phone']]);
    expect(hashes[0].params.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(hashes[1].params.salt).toBe(hashes[0].params.salt);
    expect(studio.profile.applied[email.id]).toBe('Added "Hash columns" (hash_columns) after the source.');
    expect(studio.pipeline.undoLabel).toBe('Hash phone (salted SHA-256)');

    studio.pipeline.undo();
    studio.pipeline.undo();
    studio.profile.applyFix(studio.pipeline, email);
    expect(studio.pipeline.spec?.nodes.find((n) => n.kind === 'drop_columns')?.params.columns).toEqual(['email']);
  });
});

describe('governance in the Models list', () => {
  let logistic: FittedPipeline;
  let knn: FittedPipeline;
  let votingWithKnn: FittedPipeline;
  let models: ModelsState;
  let downloads: { fileName: string; blob: Blob }[];

  beforeAll(async () => {
    const dataset = { name: 'contacts.csv', sha256: '12'.repeat(32) };
    const plain = { ...TABLE, columns: [TABLE.columns[0], TABLE.columns[3]] };
    logistic = (await runFirstModel(defaultPipeline('y', 'classification'), plain, { dataset })).fitted;
    knn = (await runFirstModel(defaultPipeline('y', 'classification', 'knn'), plain, { dataset })).fitted;
    votingWithKnn = (await runFirstModel(withMembers(defaultPipeline('y', 'classification', 'voting'), [{ kind: 'logistic_regression', params: {} }, { kind: 'knn', params: { k: 2 } }]), plain, { dataset })).fitted;
  });

  beforeEach(() => {
    downloads = [];
    models = modelsState(downloads);
  });

  async function imported(fitted: FittedPipeline) {
    const record = await models.importFile(new File([(await writeBundle(fitted)).slice()], 'm.pstudio'));
    if (!record) throw new Error(`not imported: ${models.error}`);
    return record;
  }

  it('keeps intended use and limits, signs off, says when a change withdraws the sign-off, and exports them in the file', async () => {
    const record = await imported(logistic);
    expect(await models.setGovernance(record, { intendedUse: 'Route support tickets.' })).toBe(true);
    expect(models.notice).toBe(`Intended use of ${record.name} kept`);
    expect(await models.signOff(models.records[0], 'Ada Lovelace')).toBe(true);
    expect(models.notice).toBe(`${record.name} (v1) signed off by Ada Lovelace`);
    expect(await models.setGovernance(models.records[0], { limits: 'English tickets only.' })).toBe(true);
    expect(models.notice).toBe(`Limits of ${record.name} kept; the sign-off by Ada Lovelace is withdrawn, as it approved the earlier text`);
    expect(await models.signOff(models.records[0], 'Ada Lovelace')).toBe(true);
    const stored = models.records[0].governance;
    expect(stored?.intendedUse).toBe('Route support tickets.');
    expect(stored?.limits).toBe('English tickets only.');
    expect(stored?.signOff?.by).toBe('Ada Lovelace');

    await models.exportModel(models.records[0]);
    const exported = new Uint8Array(await downloads[0].blob.arrayBuffer());
    const { fitted } = await readBundle(exported);
    expect(fitted.governance).toEqual(stored);
    // The stored file itself is left as saved: the record is where the words live until export.
    expect((await readBundle((await modelStore.getBundle(record.id)) as Uint8Array)).fitted.governance).toBeUndefined();
  });

  it('warns before exporting a model that holds its training rows, and only then', async () => {
    const plain = await imported(logistic);
    const neighbours = await imported(knn);
    expect(models.trainingRowsWarning(plain)).toBeNull();
    expect(models.trainingRowsWarning(neighbours)).toBe(
      `${neighbours.name} holds its training rows (contacts.csv, preprocessed): whoever gets the exported file gets that data. Export it anyway?`,
    );
    // An ensemble holds them through its kNN member.
    const ensemble = await imported(votingWithKnn);
    expect(models.trainingRowsWarning(ensemble)).toBe(
      `${ensemble.name} holds its training rows (contacts.csv, preprocessed): whoever gets the exported file gets that data. Export it anyway?`,
    );
  });
});
