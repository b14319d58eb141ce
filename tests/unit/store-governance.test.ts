/**
 * The registry's governance (intended use, limits, sign-off per model version) and promotion
 * through a gate with a fairness threshold: refused with the figures of the run's fairness report.
 * Model files are real ones, made by the core from a run.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../src/core/bundle/bundle';
import { modelInfoOf, type ModelInfo } from '../../src/core/bundle/model-info';
import { sha256Hex } from '../../src/core/hash';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { FittedPipeline } from '../../src/core/pipeline/fitted';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { ParamValue } from '../../src/core/pipeline/spec';
import { codedColumn } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';
import { closeStudioDb } from '../../src/store/db';
import { getModel, promoteModel, PromotionRefusedError, saveModel, signOffModel, updateGovernance } from '../../src/store/models';

const ROWS = 90;
/** Group c sits on the positive side of x: its selection rate is far from a's. */
const table: Table = {
  rowCount: ROWS,
  columns: [
    { name: 'x', kind: 'numeric', values: Float64Array.from({ length: ROWS }, (_, i) => (i % 3) - 1 + ((i * 7) % 10) / 10 - 0.45) },
    codedColumn('g', Array.from({ length: ROWS }, (_, i) => ['a', 'b', 'c'][i % 3]), new Set()),
    codedColumn('y', Array.from({ length: ROWS }, (_, i) => ((i % 3) - 1 + ((i * 7) % 10) / 10 - 0.45 > 0 ? 'yes' : 'no')), new Set()),
  ],
};

async function modelFile(evaluate: Record<string, ParamValue>, change: Partial<FittedPipeline> = {}): Promise<{ info: ModelInfo; bytes: Uint8Array; fitted: FittedPipeline }> {
  const spec = defaultPipeline('y', 'classification');
  (spec.nodes.find((n) => n.kind === 'evaluate') as { params: Record<string, ParamValue> }).params = evaluate;
  const fitted = { ...(await runFirstModel(spec, table, { dataset: { name: 'people.csv', sha256: 'ab'.repeat(32) } })).fitted, ...change };
  const bytes = await writeBundle(fitted);
  return { info: modelInfoOf({ ...(await readBundle(bytes)), sha256: await sha256Hex(bytes) }), bytes, fitted };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

afterEach(async () => {
  await closeStudioDb();
});

describe('promotion through a fairness gate', () => {
  it('is refused with the figures when the model breaks the parity limit, and allowed under a limit it meets', async () => {
    const unfair = await modelFile({ sensitive: ['g'], max_demographic_parity_difference: 0.1 });
    const dpd = unfair.fitted.fairness?.disparities.demographic_parity_difference as number;
    expect(dpd).toBeGreaterThan(0.1);
    const record = await saveModel(unfair.info, unfair.bytes);
    const shown = String(Number(dpd.toPrecision(4)));
    const refusal = promoteModel(record.id);
    await expect(refusal).rejects.toBeInstanceOf(PromotionRefusedError);
    await expect(promoteModel(record.id)).rejects.toThrow(`cannot be promoted: it failed the validation gate (demographic parity difference ${shown} is above 0.1)`);
    expect((await getModel(record.id))?.stage).toBe('none');

    const lenient = await modelFile({ sensitive: ['g'], max_demographic_parity_difference: 1 });
    const ok = await saveModel(lenient.info, lenient.bytes);
    expect((await promoteModel(ok.id)).promoted.stage).toBe('production');
  });
});

describe('governance of a model version', () => {
  it('keeps intended use and limits, signs off, and withdraws the sign-off when the text changes', async () => {
    const { info, bytes } = await modelFile({});
    const record = await saveModel(info, bytes);
    expect(record.governance).toBeUndefined();
    await updateGovernance(record.id, { intendedUse: 'Ranking leads for a call-back.' });
    await updateGovernance(record.id, { limits: 'Not for credit decisions.' });
    const signed = await signOffModel(record.id, '  Grace Hopper ', new Date('2025-05-02T09:30:00Z'));
    expect(signed.governance).toEqual({ intendedUse: 'Ranking leads for a call-back.', limits: 'Not for credit decisions.', signOff: { by: 'Grace Hopper', at: '2025-05-02T09:30:00.000Z' } });
    // The same text again changes nothing; new text withdraws the approval of the old.
    expect((await updateGovernance(record.id, { limits: 'Not for credit decisions.' })).withdrawn).toBeUndefined();
    const { record: changed, withdrawn } = await updateGovernance(record.id, { limits: 'Not for credit or hiring decisions.' });
    expect(withdrawn).toEqual({ by: 'Grace Hopper', at: '2025-05-02T09:30:00.000Z' });
    expect(changed.governance).toEqual({ intendedUse: 'Ranking leads for a call-back.', limits: 'Not for credit or hiring decisions.' });
    expect((await getModel(record.id))?.governance).toEqual(changed.governance);
    await expect(signOffModel(record.id, '   ')).rejects.toThrow('A sign-off needs the name of whoever approves the model');
  });

  it('comes in with an imported file that carries one', async () => {
    const governance = { intendedUse: 'Demo.', limits: 'Small data.', signOff: { by: 'Ada', at: '2025-01-01T00:00:00.000Z' } };
    const { info, bytes } = await modelFile({}, { governance });
    expect((await saveModel(info, bytes)).governance).toEqual(governance);
  });
});
