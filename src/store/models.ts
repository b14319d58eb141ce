/** Saved models in IndexedDB: list, save, get, delete. */
import type { ModelInfo } from '../engine/protocol';
import { studioDb, type SavedModel } from './db';

export type { SavedModel };

function newId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** All saved models, newest first. */
export async function listModels(): Promise<SavedModel[]> {
  const db = await studioDb();
  const models = await db.getAllFromIndex('models', 'savedAt');
  return models.reverse();
}

/** Store a model file with its description; returns the stored record. */
export async function saveModel(info: ModelInfo, bundle: Uint8Array, savedAt: Date = new Date()): Promise<SavedModel> {
  // A view into a larger buffer would store the whole buffer: keep only the file's bytes.
  const bytes = bundle.byteOffset === 0 && bundle.byteLength === bundle.buffer.byteLength ? bundle : bundle.slice();
  const record: SavedModel = { id: newId(), info, bundle: bytes, savedAt: savedAt.toISOString() };
  const db = await studioDb();
  await db.add('models', record);
  return record;
}

export async function getModel(id: string): Promise<SavedModel | undefined> {
  const db = await studioDb();
  return db.get('models', id);
}

export async function deleteModel(id: string): Promise<void> {
  const db = await studioDb();
  await db.delete('models', id);
}
