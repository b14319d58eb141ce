/**
 * The studio's IndexedDB: one versioned schema, upgraded step by step (DESIGN.md §1, store/).
 * Version 1 holds the saved models; datasets, pipelines and runs come as later versions.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ModelInfo } from '../engine/protocol';

export const DB_NAME = 'pipeline-studio';
export const DB_VERSION = 1;

/** A fitted pipeline kept in the browser: the model file's bytes and what it describes. */
export interface SavedModel {
  id: string;
  info: ModelInfo;
  /** The model file (zip), exactly as exported. */
  bundle: Uint8Array;
  /** ISO time of saving. */
  savedAt: string;
}

export interface StudioDB extends DBSchema {
  models: {
    key: string;
    value: SavedModel;
    indexes: { savedAt: string };
  };
}

export type StudioDatabase = IDBPDatabase<StudioDB>;

/**
 * Each entry moves the schema from version i to i+1. Never edit a shipped entry; append one.
 * `upgrade` runs every entry from the database's old version to DB_VERSION.
 */
const migrations: ((db: StudioDatabase) => void)[] = [
  // 0 → 1: saved models, listed newest first through the savedAt index.
  (db) => {
    const models = db.createObjectStore('models', { keyPath: 'id' });
    models.createIndex('savedAt', 'savedAt');
  },
];

export function openStudioDb(name: string = DB_NAME): Promise<StudioDatabase> {
  return openDB<StudioDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      for (let v = oldVersion; v < DB_VERSION; v++) migrations[v](db);
    },
    blocking() {
      // A newer tab wants to upgrade: step aside so it can.
      void current?.then((db) => db.close());
      current = undefined;
    },
  });
}

let current: Promise<StudioDatabase> | undefined;

/** The shared connection, opened on first use. */
export function studioDb(): Promise<StudioDatabase> {
  current ??= openStudioDb().catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

/** Close the shared connection (tests, or before deleting the database). */
export async function closeStudioDb(): Promise<void> {
  const db = current;
  current = undefined;
  if (db) (await db).close();
}
