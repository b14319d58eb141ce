/**
 * The Datasets list in IndexedDB: each dataset's description and its original file, written and
 * deleted together in ONE transaction. One dataset per content: the same bytes are not added twice.
 */
import type { IDBPTransaction } from 'idb';
import { studioDb, type DatasetFileRecord, type DatasetRecord, type StudioDB } from './db';
import { formatBytes } from '../core/bytes';
import { getRecord } from './records';
import { inTransaction, isQuotaError, quiet } from './transaction';

export type { DatasetRecord };

/** The same content is in the list already (under `existing.name`). Nothing was written. */
export class DuplicateDatasetError extends Error {
  constructor(readonly existing: DatasetRecord) {
    super(`This file is already in the Datasets list as "${existing.name}"`);
    this.name = 'DuplicateDatasetError';
  }
}

/** The browser refused to store more. Nothing stored before is touched. */
export class DatasetStorageFullError extends Error {
  constructor(name: string, bytes: number) {
    super(
      `Browser storage is full: the dataset "${name}" (${formatBytes(bytes)}) could not be stored. ` +
        'Nothing already stored was lost; free space by deleting datasets or saved models you no longer need.',
    );
    this.name = 'StorageFullError';
  }
}

/** A deleted dataset, kept by the caller to undo the deletion. */
export interface DeletedDataset {
  record: DatasetRecord;
  blob: Blob;
}

type DatasetTransaction = IDBPTransaction<StudioDB, ('datasets' | 'datasetFiles')[], 'readwrite'>;

/** Run `body` in one transaction over both stores; on failure none of its writes land. */
async function write<T>(what: { name: string; bytes: number }, body: (tx: DatasetTransaction) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(['datasets', 'datasetFiles'], body);
  } catch (error) {
    if (isQuotaError(error)) throw new DatasetStorageFullError(what.name, what.bytes);
    throw error;
  }
}

/** All datasets, in the order they were added. */
export async function listDatasets(): Promise<DatasetRecord[]> {
  const db = await studioDb();
  const all = await db.getAll('datasets');
  return all.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

export function getDataset(id: string): Promise<DatasetRecord | undefined> {
  return getRecord('datasets', id);
}

/** The dataset's original file. */
export async function getDatasetFile(id: string): Promise<Blob | undefined> {
  return (await getRecord('datasetFiles', id))?.blob;
}

export async function findDatasetByHash(sha256: string): Promise<DatasetRecord | undefined> {
  const db = await studioDb();
  return db.getFromIndex('datasets', 'sha256', sha256);
}

/** The dataset made active last, to bring back after a reload. */
export async function lastActiveDataset(): Promise<DatasetRecord | undefined> {
  const all = await listDatasets();
  return all.reduce<DatasetRecord | undefined>((best, d) => ((d.activeAt ?? '') > (best?.activeAt ?? '') ? d : best), undefined);
}

/**
 * Store a dataset with its file. Throws DuplicateDatasetError when the same content is stored
 * already, DatasetStorageFullError when the browser's quota is reached; either way nothing is written.
 */
export async function addDataset(described: Omit<DatasetRecord, 'addedAt'> & { addedAt?: string }, blob: Blob): Promise<DatasetRecord> {
  const record: DatasetRecord = { ...described, addedAt: described.addedAt ?? new Date().toISOString() };
  const existing = await findDatasetByHash(record.sha256);
  if (existing) throw new DuplicateDatasetError(existing);
  const file: DatasetFileRecord = { id: record.id, blob };
  try {
    await write({ name: record.name, bytes: blob.size }, (tx) => {
      const described = quiet(tx.objectStore('datasets').add(record));
      return Promise.all([described, quiet(tx.objectStore('datasetFiles').add(file))]);
    });
  } catch (error) {
    // Added by another tab between the check and the write: the unique index refused it.
    const raced = error instanceof Error && error.name === 'ConstraintError' ? await findDatasetByHash(record.sha256) : undefined;
    throw raced ? new DuplicateDatasetError(raced) : error;
  }
  return record;
}

export type DatasetPatch = Partial<Pick<DatasetRecord, 'name' | 'activeAt' | 'target' | 'rows' | 'dialect' | 'overrides' | 'schema'>>;

/** Change a dataset's description (its file stays as it is). Returns the new record. */
export async function updateDataset(id: string, patch: DatasetPatch): Promise<DatasetRecord> {
  return write({ name: patch.name ?? id, bytes: JSON.stringify(patch).length }, async (tx) => {
    const store = tx.objectStore('datasets');
    const record = await store.get(id);
    if (!record) throw new Error('This dataset is no longer in the list');
    const updated = { ...record, ...patch };
    await store.put(updated);
    return updated;
  });
}

/** Record that a dataset was made the active one now. */
export function markActive(id: string, at: Date = new Date()): Promise<DatasetRecord> {
  return updateDataset(id, { activeAt: at.toISOString() });
}

/** Delete a dataset and its file; returns both, to undo with restoreDataset. */
export async function deleteDataset(id: string): Promise<DeletedDataset | undefined> {
  return write({ name: id, bytes: 0 }, async (tx) => {
    const [record, file] = await Promise.all([tx.objectStore('datasets').get(id), tx.objectStore('datasetFiles').get(id)]);
    if (!record || !file) return undefined;
    const described = quiet(tx.objectStore('datasets').delete(id));
    await Promise.all([described, quiet(tx.objectStore('datasetFiles').delete(id))]);
    return { record, blob: file.blob };
  });
}

/** Put a deleted dataset back as it was. */
export async function restoreDataset(deleted: DeletedDataset): Promise<DatasetRecord> {
  return addDataset(deleted.record, deleted.blob);
}
