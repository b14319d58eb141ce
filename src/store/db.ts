/**
 * The studio's IndexedDB: one versioned schema, upgraded step by step (DESIGN.md §1, store/).
 *
 * Version 1 kept each saved model as one record with its file bytes inside.
 * Version 2 is the model registry: metadata (name, notes, stage, version within its pipeline, the
 * validation gate's verdict) in 'models', and the file bytes in 'bundles' under the same id, so the
 * list reads no megabytes; a model and its bytes are always written in one transaction.
 * Version 3 adds pipelines, their versions and runs; version 4 the datasets, with their original
 * files kept apart in 'datasetFiles' (same id) so that renaming or activating one rewrites no file.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { PipelineSpec } from '../core/pipeline/spec';
import type { ColumnSchema } from '../core/table/table';
import type { DatasetDialect, DatasetOverrides } from '../core/csv/read-options';
import type { GateVerdict } from '../core/pipeline/gate';
import type { ModelInfo } from '../core/bundle/model-info';
import type { Governance } from '../core/bundle/governance';

export const DB_NAME = 'pipeline-studio';
export const DB_VERSION = 4;

export type Stage = 'none' | 'production';

/** A model in the registry: what it is and how it is managed. Its file lives in 'bundles' under the same id. */
export interface ModelRecord {
  id: string;
  /** What the model file says about itself (read and validated by the engine). */
  info: ModelInfo;
  /** Shown in the list; starts as info.name and can be renamed. */
  name: string;
  notes: string;
  stage: Stage;
  /** The pipeline this is a version of (info.pipeline); at most one production model per pipeline. */
  pipeline: string;
  /** 1, 2, 3… within its pipeline, in order of saving. */
  version: number;
  /** ISO time of saving. */
  savedAt: string;
  /** When it was last promoted to production (kept after a demotion: a version to roll back to). */
  promotedAt?: string;
  /** When a newer promotion replaced it. */
  demotedAt?: string;
  /** Set when a roll-back moved production away from it; a new promotion clears it. */
  rolledBackAt?: string;
  /** The validation gate's verdict on the run that made it (info.gate, kept here for promotion). */
  gate: GateVerdict;
  /** Size of the model file in bytes. */
  size: number;
  /** Intended use, limits and sign-off, written in the Models list (records from before them have none); exported with the file. */
  governance?: Governance;
}

/** The model file's bytes, exactly as exported. */
export interface BundleRecord {
  id: string;
  bytes: Uint8Array;
}

/** The open pipeline, autosaved on every change (one record per slot; the studio uses 'current'). */
export interface PipelineRecord {
  id: string;
  spec: PipelineSpec;
  /** The dataset the pipeline was built on, when one was loaded. */
  datasetName: string | null;
  savedAt: string;
}

/** A numbered snapshot of a pipeline, taken when it is run. */
export interface PipelineVersionRecord {
  id: string;
  pipelineName: string;
  /** 1, 2, 3… within its pipeline name. */
  version: number;
  spec: PipelineSpec;
  createdAt: string;
  note: string;
  /** What changed since the previous version, one readable line each. */
  changes: string[];
}

/** One finished model run (one model node of one pipeline run). */
export interface RunRecord {
  id: string;
  pipelineName: string;
  /** The pipeline version the run was made from (0 when unknown). */
  pipelineVersion: number;
  node: string;
  modelKind: string;
  task: 'classification' | 'regression';
  params: Record<string, string | number | boolean | string[]>;
  backend: string;
  seed: number;
  datasetName: string;
  datasetHash: string;
  /** Seconds. */
  duration: number;
  metrics: Record<string, number>;
  gatePassed: boolean;
  createdAt: string;
  losses: { epoch: number; loss: number; valLoss?: number }[];
  best: boolean;
}

/** A dataset in the Datasets list: what the file is, how it was read and what the user changed. */
export interface DatasetRecord {
  id: string;
  name: string;
  /** Size of the original file in bytes. */
  size: number;
  /** sha-256 of the original bytes: the dataset's identity in runs and lineage; one dataset per content. */
  sha256: string;
  /** ISO time it was added. */
  addedAt: string;
  /** ISO time it was last made the active dataset; the latest comes back after a reload. */
  activeAt?: string;
  /** The target column picked for it. */
  target: string;
  rows: number;
  /** How the file is written, as the reader found (or was told) it. */
  dialect: DatasetDialect;
  overrides: DatasetOverrides;
  /** The columns as read with the overrides applied. */
  schema: ColumnSchema[];
}

/** A dataset's original file, byte for byte. */
export interface DatasetFileRecord {
  id: string;
  blob: Blob;
}

export interface StudioDB extends DBSchema {
  datasets: {
    key: string;
    value: DatasetRecord;
    indexes: { sha256: string };
  };
  datasetFiles: {
    key: string;
    value: DatasetFileRecord;
  };
  pipelines: {
    key: string;
    value: PipelineRecord;
  };
  pipelineVersions: {
    key: string;
    value: PipelineVersionRecord;
    indexes: { pipelineName: string };
  };
  runs: {
    key: string;
    value: RunRecord;
    indexes: { createdAt: string };
  };
  models: {
    key: string;
    value: ModelRecord;
    indexes: { savedAt: string; pipeline: string };
  };
  bundles: {
    key: string;
    value: BundleRecord;
  };
}

/** A saved model as version 1 stored it; its info may lack the fields later model files carry. */
export interface ModelRecordV1 {
  id: string;
  info: Partial<ModelInfo> & Pick<ModelInfo, 'name' | 'task' | 'target' | 'modelKind' | 'metrics' | 'createdAt' | 'datasetName'>;
  bundle: Uint8Array;
  savedAt: string;
}

export type StudioDatabase = IDBPDatabase<StudioDB>;
type UpgradeTransaction = IDBPTransaction<StudioDB, StoreNames<StudioDB>[], 'versionchange'>;

/** The pipeline a version-1 model belongs to: the default pipeline's name, which every v1 model used. */
function v1Pipeline(info: ModelRecordV1['info']): string {
  return info.pipeline ?? `Predict ${info.target}`;
}

/** A version-1 record as a version-2 record (without its bytes) and its bundle. */
export function migrateV1Record(old: ModelRecordV1, version: number): { record: ModelRecord; bundle: BundleRecord } {
  const i = old.info;
  const gate: GateVerdict = i.gate ?? { passed: false, checks: [] };
  const info: ModelInfo = {
    ...i,
    pipeline: v1Pipeline(i),
    gate,
    lineage: i.lineage ?? {
      datasetName: i.datasetName,
      datasetSha256: '',
      seed: 0,
      backend: '',
      appVersion: '',
      createdAt: i.createdAt,
      seconds: 0,
    },
    inputSchema: i.inputSchema ?? [],
    // Empty: not known yet; the app reads the file again to fill in what v1 did not keep.
    sha256: i.sha256 ?? '',
  };
  return {
    record: {
      id: old.id,
      info,
      name: i.name,
      notes: '',
      stage: 'none',
      pipeline: info.pipeline,
      version,
      savedAt: old.savedAt,
      gate,
      size: old.bundle.byteLength,
    },
    bundle: { id: old.id, bytes: old.bundle },
  };
}

/**
 * Each entry moves the schema from version i to i+1. Never edit a shipped entry; append one.
 * An entry that moves data returns a promise; the next entry runs once it settles, all inside the
 * one upgrade transaction, so a failed migration aborts the whole upgrade and the old data stays.
 */
const migrations: ((db: StudioDatabase, tx: UpgradeTransaction) => void | Promise<void>)[] = [
  // 0 → 1: saved models, listed newest first through the savedAt index.
  (db) => {
    const models = db.createObjectStore('models', { keyPath: 'id' });
    models.createIndex('savedAt', 'savedAt');
  },
  // 1 → 2: the registry. The bytes move to 'bundles'; each model gets a name, notes, a stage and a
  // version number within its pipeline (in order of saving).
  async (db, tx) => {
    db.createObjectStore('bundles', { keyPath: 'id' });
    const models = tx.objectStore('models');
    models.createIndex('pipeline', 'pipeline');
    const old = (await models.getAll()) as unknown as ModelRecordV1[];
    old.sort((a, b) => a.savedAt.localeCompare(b.savedAt) || a.id.localeCompare(b.id));
    const versions = new Map<string, number>();
    const bundles = tx.objectStore('bundles');
    const writes: Promise<unknown>[] = [];
    for (const record of old) {
      const pipeline = v1Pipeline(record.info);
      const version = (versions.get(pipeline) ?? 0) + 1;
      versions.set(pipeline, version);
      const moved = migrateV1Record(record, version);
      writes.push(models.put(moved.record), bundles.put(moved.bundle));
    }
    await Promise.all(writes);
  },
  // 2 → 3: pipelines, their numbered versions, and runs. Models and bundles are left as they are.
  (db) => {
    db.createObjectStore('pipelines', { keyPath: 'id' });
    const versions = db.createObjectStore('pipelineVersions', { keyPath: 'id' });
    versions.createIndex('pipelineName', 'pipelineName');
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('createdAt', 'createdAt');
  },
  // 3 → 4: datasets (unique by content) and their original files. Everything else is left as it is.
  (db) => {
    const datasets = db.createObjectStore('datasets', { keyPath: 'id' });
    datasets.createIndex('sha256', 'sha256', { unique: true });
    db.createObjectStore('datasetFiles', { keyPath: 'id' });
  },
];

function runMigrations(db: StudioDatabase, tx: UpgradeTransaction, from: number): void {
  for (let v = from; v < DB_VERSION; v++) {
    const pending = migrations[v](db, tx);
    if (pending) {
      pending.then(
        () => runMigrations(db, tx, v + 1),
        () => {
          try {
            tx.abort();
          } catch {
            // Already aborted by the failed request.
          }
        },
      );
      return;
    }
  }
}

export function openStudioDb(name: string = DB_NAME): Promise<StudioDatabase> {
  return openDB<StudioDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      runMigrations(db, tx, oldVersion);
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
