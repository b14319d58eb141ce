/**
 * The model registry in IndexedDB: versions of pipelines, their stage, names and notes, and the
 * model files themselves. A model's record and its bytes are written and deleted in ONE transaction:
 * a model is either fully stored or not at all.
 */
import { hasGovernance, NO_GOVERNANCE, type Governance } from '../core/bundle/governance';
import type { GateCheck } from '../core/pipeline/gate';
import type { ModelInfo } from '../core/bundle/model-info';
import type { BundleRecord, ModelRecord } from './db';
import { formatBytes } from '../core/bytes';
import { newId } from './ids';
import { getRecord, newestFirst } from './records';
import { inTransaction, isQuotaError, quiet } from './transaction';

export type { ModelRecord, BundleRecord };

/** The browser refused to store more (QuotaExceededError). Nothing stored before is touched. */
export class StorageFullError extends Error {
  constructor(what: string, bytes: number) {
    super(
      `Browser storage is full: ${what} (${formatBytes(bytes)}) could not be stored. ` +
        'Nothing already stored was lost; free space by deleting models or exporting them (Export) and then deleting them here.',
    );
    this.name = 'StorageFullError';
  }
}

/** A model may not go to production: the reason is the message. */
export class PromotionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionRefusedError';
  }
}

/** All models, newest first. */
export function listModels(): Promise<ModelRecord[]> {
  return newestFirst('models', 'savedAt');
}

export function getModel(id: string): Promise<ModelRecord | undefined> {
  return getRecord('models', id);
}

/** The model file's bytes. */
export async function getBundle(id: string): Promise<Uint8Array | undefined> {
  return (await getRecord('bundles', id))?.bytes;
}

export interface SaveOptions {
  savedAt?: Date;
  /** The record's id (a fresh one by default). */
  id?: string;
}

/**
 * Store a model file with its description as the next version of its pipeline. The record and the
 * bytes are written in one transaction: when either write fails, neither is stored.
 * Throws StorageFullError when the browser's quota is reached.
 */
export async function saveModel(info: ModelInfo, bundle: Uint8Array, options: SaveOptions = {}): Promise<ModelRecord> {
  // A view into a larger buffer would store the whole buffer: keep only the file's bytes.
  const bytes = bundle.byteOffset === 0 && bundle.byteLength === bundle.buffer.byteLength ? bundle : bundle.slice();
  const id = options.id ?? newId();
  try {
    return await inTransaction(['models', 'bundles'], async (tx) => {
      const models = tx.objectStore('models');
      const siblings = await models.index('pipeline').getAll(info.pipeline);
      const version = siblings.reduce((max, m) => Math.max(max, m.version), 0) + 1;
      const record: ModelRecord = {
        id,
        info,
        name: info.name,
        notes: '',
        stage: 'none',
        pipeline: info.pipeline,
        version,
        savedAt: (options.savedAt ?? new Date()).toISOString(),
        gate: info.gate,
        size: bytes.byteLength,
        // An imported file brings what its owner wrote (and signed).
        ...(hasGovernance(info.governance) ? { governance: info.governance } : {}),
      };
      const wrote = quiet(models.add(record));
      const stored = quiet(tx.objectStore('bundles').add({ id, bytes }));
      await Promise.all([wrote, stored]);
      return record;
    });
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(`the model "${info.name}"`, bytes.byteLength);
    throw error;
  }
}

/**
 * Store a model file once `inspect` (the engine reading and checking every entry) accepts it, as
 * saveModel does. A file it refuses leaves the registry exactly as it was: nothing is written first.
 */
export async function importModel(bundle: Uint8Array, inspect: (bundle: Uint8Array) => Promise<ModelInfo>): Promise<ModelRecord> {
  return saveModel(await inspect(bundle), bundle);
}

async function updateRecord(id: string, change: (record: ModelRecord) => ModelRecord): Promise<ModelRecord> {
  return inTransaction(['models', 'bundles'], async (tx) => {
    const models = tx.objectStore('models');
    const record = await models.get(id);
    if (!record) throw new Error('This model is no longer stored (deleted in another tab?)');
    const next = change(record);
    await models.put(next);
    return next;
  });
}

/** Rename a model or change its notes. */
export async function updateModel(id: string, patch: { name?: string; notes?: string }): Promise<ModelRecord> {
  const name = patch.name?.trim();
  if (patch.name !== undefined && !name) throw new Error('A model needs a name');
  try {
    return await updateRecord(id, (r) => ({ ...r, ...(name ? { name } : {}), ...(patch.notes !== undefined ? { notes: patch.notes } : {}) }));
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError('the change', (patch.notes ?? patch.name ?? '').length);
    throw error;
  }
}

/**
 * Change a model's intended use or limits. A sign-off approved the card as it stood, so changing
 * either withdraws it (returned as `withdrawn`, for the page to say so).
 */
export async function updateGovernance(id: string, patch: { intendedUse?: string; limits?: string }): Promise<{ record: ModelRecord; withdrawn?: Governance['signOff'] }> {
  let withdrawn: Governance['signOff'];
  const record = await updateRecord(id, (r) => {
    const before = r.governance ?? NO_GOVERNANCE;
    const next = { intendedUse: patch.intendedUse ?? before.intendedUse, limits: patch.limits ?? before.limits };
    const changed = next.intendedUse !== before.intendedUse || next.limits !== before.limits;
    if (changed) withdrawn = before.signOff;
    return { ...r, governance: changed ? next : before };
  });
  return { record, withdrawn };
}

/** Record who approved a model version and when. */
export async function signOffModel(id: string, by: string, at: Date = new Date()): Promise<ModelRecord> {
  const name = by.trim();
  if (!name) throw new Error('A sign-off needs the name of whoever approves the model');
  return updateRecord(id, (r) => ({ ...r, governance: { ...(r.governance ?? NO_GOVERNANCE), signOff: { by: name, at: at.toISOString() } } }));
}

/** Replace what a model file says about itself (after reading an old file again); gate follows it. */
export async function replaceInfo(id: string, info: ModelInfo): Promise<ModelRecord> {
  return updateRecord(id, (r) => ({ ...r, info, gate: info.gate }));
}

function describeCheck(c: GateCheck): string {
  const n = (x: number) => String(Number(x.toPrecision(4)));
  return `${c.metric} ${n(c.value)} is ${c.op === '≥' ? 'below' : 'above'} ${n(c.threshold)}`;
}

/** Why a model may not be promoted to production, or null when it may. */
export function promotionBlocker(record: ModelRecord): string | null {
  if (record.stage === 'production') return `${record.name} is already in production`;
  const gate = record.gate;
  if (gate.checks.length === 0)
    return (
      `${record.name} cannot be promoted: its run had no validation gate. Set thresholds in the Validation gate ` +
      'form (on the pipeline), run the pipeline again and save that model.'
    );
  if (!gate.passed) {
    const failed = gate.checks.filter((c) => !c.passed).map(describeCheck);
    return `${record.name} cannot be promoted: it failed the validation gate (${failed.join('; ')}).`;
  }
  return null;
}

/**
 * Promote a model to production in its pipeline. The previous production model goes back to stage
 * 'none', kept as a version to roll back to. Refused (PromotionRefusedError) unless the model's run
 * passed a validation gate with at least one check.
 */
export async function promoteModel(id: string, at: Date = new Date()): Promise<{ promoted: ModelRecord; demoted?: ModelRecord }> {
  return inTransaction(['models', 'bundles'], async (tx) => {
    const models = tx.objectStore('models');
    const record = await models.get(id);
    if (!record) throw new Error('This model is no longer stored (deleted in another tab?)');
    const blocker = promotionBlocker(record);
    if (blocker) throw new PromotionRefusedError(blocker);
    const when = at.toISOString();
    const siblings = await models.index('pipeline').getAll(record.pipeline);
    let demoted: ModelRecord | undefined;
    for (const other of siblings) {
      if (other.id === id || other.stage !== 'production') continue;
      demoted = { ...other, stage: 'none', demotedAt: when };
      quiet(models.put(demoted));
    }
    const promoted: ModelRecord = { ...record, stage: 'production', promotedAt: when, demotedAt: undefined, rolledBackAt: undefined };
    await models.put(promoted);
    return { promoted, demoted };
  });
}

/** The version a roll-back would return a pipeline to: the one in production before the current one. */
export function rollbackTarget(records: readonly ModelRecord[], pipeline: string): ModelRecord | undefined {
  const current = records.find((r) => r.pipeline === pipeline && r.stage === 'production');
  if (!current?.promotedAt) return undefined;
  const since = current.promotedAt;
  let best: ModelRecord | undefined;
  for (const r of records) {
    if (r.pipeline !== pipeline || r.id === current.id || r.stage !== 'none' || !r.promotedAt || r.rolledBackAt) continue;
    if (r.promotedAt >= since) continue;
    if (!best || (best.promotedAt ?? '') < r.promotedAt) best = r;
  }
  return best;
}

/**
 * Roll a pipeline's production back to the version that was in production before. The current one
 * goes back to stage 'none' (marked rolled back, so a second roll-back goes one further back).
 */
export async function rollBack(pipeline: string, at: Date = new Date()): Promise<{ restored: ModelRecord; rolledBack: ModelRecord }> {
  return inTransaction(['models', 'bundles'], async (tx) => {
    const models = tx.objectStore('models');
    const siblings = await models.index('pipeline').getAll(pipeline);
    const current = siblings.find((r) => r.stage === 'production');
    if (!current) throw new Error(`No model of "${pipeline}" is in production`);
    const target = rollbackTarget(siblings, pipeline);
    if (!target) throw new Error(`"${pipeline}" has no earlier production version to roll back to`);
    const when = at.toISOString();
    const rolledBack: ModelRecord = { ...current, stage: 'none', demotedAt: when, rolledBackAt: when };
    const restored: ModelRecord = { ...target, stage: 'production', demotedAt: undefined };
    quiet(models.put(rolledBack));
    await models.put(restored);
    return { restored, rolledBack };
  });
}

/** What a deletion removed, enough to undo it. */
export interface DeletedModel {
  record: ModelRecord;
  bundle: BundleRecord;
}

/** Delete a model and its file together; returns what was removed (for undo), or undefined when it was not stored. */
export async function deleteModel(id: string): Promise<DeletedModel | undefined> {
  return inTransaction(['models', 'bundles'], async (tx) => {
    const models = tx.objectStore('models');
    const bundles = tx.objectStore('bundles');
    const [record, bundle] = await Promise.all([models.get(id), bundles.get(id)]);
    quiet(models.delete(id));
    await bundles.delete(id);
    return record && bundle ? { record, bundle } : undefined;
  });
}

/**
 * Put a deleted model back, record and bytes together. When another version of its pipeline went
 * to production meanwhile, it comes back as an ordinary version.
 */
export async function restoreModel(deleted: DeletedModel): Promise<ModelRecord> {
  try {
    return await inTransaction(['models', 'bundles'], async (tx) => {
      const models = tx.objectStore('models');
      let record = deleted.record;
      if (record.stage === 'production') {
        const siblings = await models.index('pipeline').getAll(record.pipeline);
        if (siblings.some((s) => s.stage === 'production' && s.id !== record.id)) record = { ...record, stage: 'none' };
      }
      const wrote = quiet(models.put(record));
      const stored = quiet(tx.objectStore('bundles').put(deleted.bundle));
      await Promise.all([wrote, stored]);
      return record;
    });
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(`the model "${deleted.record.name}"`, deleted.bundle.bytes.byteLength);
    throw error;
  }
}
