/**
 * Pipelines in IndexedDB: the open pipeline (autosaved, restored on load) and numbered versions of
 * each pipeline, snapshotted at every run.
 */
import { PIPELINE_VERSION, type PipelineSpec } from '../core/pipeline/spec';
import { upgradePipeline } from '../core/pipeline/validate';
import { studioDb, type PipelineRecord, type PipelineVersionRecord } from './db';
import { newId } from './ids';
import { getRecord } from './records';

export type { PipelineRecord, PipelineVersionRecord };

/** The slot the studio autosaves its open pipeline into. */
export const CURRENT_PIPELINE = 'current';

/**
 * A stored spec as this version reads it: specs stored by an earlier version are migrated on the
 * way out; anything else is handed back as it was stored, for the editor's validation to judge.
 */
function upgraded<T extends { spec: PipelineSpec }>(record: T | undefined): T | undefined {
  const older = record && typeof record.spec.version === 'number' && record.spec.version < PIPELINE_VERSION;
  return older ? { ...record, spec: upgradePipeline(record.spec) } : record;
}

/** Write the open pipeline (replacing what was autosaved before). */
export async function saveOpenPipeline(spec: PipelineSpec, datasetName: string | null, id: string = CURRENT_PIPELINE): Promise<PipelineRecord> {
  const record: PipelineRecord = { id, spec: structuredClone(spec), datasetName, savedAt: new Date().toISOString() };
  const db = await studioDb();
  await db.put('pipelines', record);
  return record;
}

/** The autosaved open pipeline, if any. */
export async function loadOpenPipeline(id: string = CURRENT_PIPELINE): Promise<PipelineRecord | undefined> {
  return upgraded(await getRecord('pipelines', id));
}

export async function clearOpenPipeline(id: string = CURRENT_PIPELINE): Promise<void> {
  const db = await studioDb();
  await db.delete('pipelines', id);
}

/** A pipeline's versions, oldest first. */
export async function listPipelineVersions(pipelineName: string): Promise<PipelineVersionRecord[]> {
  const db = await studioDb();
  const all = await db.getAllFromIndex('pipelineVersions', 'pipelineName', pipelineName);
  return all.sort((a, b) => a.version - b.version).map((record) => upgraded(record) as PipelineVersionRecord);
}

export async function getPipelineVersion(id: string): Promise<PipelineVersionRecord | undefined> {
  return upgraded(await getRecord('pipelineVersions', id));
}

/** The newest version of a pipeline, if it has any. */
export async function latestPipelineVersion(pipelineName: string): Promise<PipelineVersionRecord | undefined> {
  const all = await listPipelineVersions(pipelineName);
  return all[all.length - 1];
}

/**
 * Snapshot a pipeline as its next version (1, 2, 3… per pipeline name). The number is chosen and
 * the record written in one transaction, so two snapshots never share a number.
 */
export async function addPipelineVersion(
  spec: PipelineSpec,
  options: { note?: string; changes?: string[]; createdAt?: string } = {},
): Promise<PipelineVersionRecord> {
  const db = await studioDb();
  const tx = db.transaction('pipelineVersions', 'readwrite');
  const existing = await tx.store.index('pipelineName').getAll(spec.name);
  const version = existing.reduce((max, v) => Math.max(max, v.version), 0) + 1;
  const record: PipelineVersionRecord = {
    id: newId(),
    pipelineName: spec.name,
    version,
    spec: structuredClone(spec),
    createdAt: options.createdAt ?? new Date().toISOString(),
    note: options.note?.trim() ?? '',
    changes: options.changes ?? [],
  };
  await tx.store.put(record);
  await tx.done;
  return record;
}
