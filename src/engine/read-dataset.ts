/**
 * Reading a dataset's file into its table: the one way a file becomes a table in the engine, on its
 * first load and when an evicted dataset is read again from the Datasets list in IndexedDB.
 */
import { assertFitsInMemory } from '../core/csv/memory';
import type { DatasetOverrides } from '../core/csv/read-options';
import { parseCsv, type ParseOptions, type ParseResult } from '../core/csv/parse';
import { sha256Hex } from '../core/hash';
import type { Table } from '../core/table/table';
import { applyColumnOverrides } from './overrides';

export interface ReadDataset {
  parsed: ParseResult;
  /** The parsed table with the overrides' column kinds and exclusions applied. */
  table: Table;
  sha256: string;
}

/** Read a file with a dataset's overrides. */
export async function readDataset(file: Blob, name: string, overrides: DatasetOverrides, options: Pick<ParseOptions, 'signal' | 'onProgress'> = {}): Promise<ReadDataset> {
  // Before arrayBuffer(): a file too large for the tab must fail with a message, not crash it.
  assertFitsInMemory(file.size, `The file "${name}"`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = await parseCsv(bytes, { ...options, dialect: overrides.dialect, missingTokens: overrides.missingTokens });
  const sha256 = await sha256Hex(bytes);
  return { parsed, table: applyColumnOverrides(parsed.table, overrides), sha256 };
}

/**
 * A stored dataset's original file by its id (undefined when it is no longer stored). The engine
 * does not open IndexedDB itself: the page is the one reader of the studio's storage and lends the
 * engine this function (EngineApi.useStoredFiles), so the engine depends on the core alone.
 */
export type StoredFileReader = (id: string) => Promise<Blob | undefined>;

/** What the engine knew of a dataset it let go: enough to read the same table again. */
export interface StoredDatasetRef {
  id: string;
  name: string;
  sha256: string;
  /** The overrides it was read with, as JSON (Dataset.readAs). */
  readAs?: string;
}

/**
 * The table of a stored dataset, read from its file in IndexedDB with the overrides it was read with
 * before, so that it is the same table (and the run cache's keys, which include them, still match).
 */
export async function readStoredDataset(ref: StoredDatasetRef, readFile: StoredFileReader): Promise<Table> {
  const file = await readFile(ref.id);
  if (!file) throw new Error(`The stored file of ${ref.name} is missing; delete the dataset and add the file again`);
  const overrides = JSON.parse(ref.readAs ?? '{}') as DatasetOverrides;
  const { table, sha256 } = await readDataset(file, ref.name, overrides);
  if (sha256 !== ref.sha256) throw new Error(`The stored file of ${ref.name} is not the file it was read from; delete the dataset and add the file again`);
  return table;
}
