/**
 * The engine's library of parsed datasets: every dataset the page asked it to hold, by id, and the
 * active one (the one pipelines, runs and 'training' predictions use unless a node names another).
 *
 * Parsed tables are kept within a memory budget: when they outgrow it the least recently used go
 * (eviction.ts), except the active dataset, the current pipeline's sources and the one just read.
 * An evicted dataset stays in the library by name and is read again from its stored file, with the
 * same overrides, the next time it is needed (residentDataset, ensureResident).
 */
import type { SkippedRows } from '../core/csv/skipped';
import type { Table } from '../core/table/table';
import { chooseEvictions, defaultLibraryBudget, tableBytes } from './eviction';
import type { LoadedDataset } from './protocol';
import { readStoredDataset, type StoredFileReader } from './read-dataset';

export interface Dataset {
  id: string;
  name: string;
  /** sha-256 of the file's bytes: the dataset's identity in lineage and run records. */
  sha256: string;
  table: Table;
  /** The overrides it was read with, as JSON (see SourceData.readAs). */
  readAs?: string;
  /** Rows of the file the reader left out; every run on it says so (engine.worker.ts). */
  skipped?: SkippedRows;
}

/** A dataset was asked for that the engine has not parsed (the page re-parses it from storage first). */
export class DatasetNotLoadedError extends Error {
  constructor(id: string | undefined) {
    super(id === undefined ? 'Load a CSV file first' : `The dataset ${id} is not loaded in the engine; load it again from the Datasets list`);
    // By name: the class identity is lost across the worker boundary.
    this.name = 'DatasetNotLoadedError';
  }
}

interface Entry extends Omit<Dataset, 'table'> {
  /** Undefined while evicted. */
  table: Table | undefined;
  rows: number;
  columns: number;
  bytes: number;
  lastUse: number;
  /** False for a file that is not in the Datasets list (nothing to read it again from): never evicted. */
  stored: boolean;
}

const library = new Map<string, Entry>();
let activeId: string | undefined;
/** The datasets the current pipeline's sources name (the page's last schema or run request). */
let pipelineIds = new Set<string>();
let budget = defaultLibraryBudget();
/** Uses are ordered by this counter rather than by time: two uses in one millisecond still differ. */
let clock = 0;
const reading = new Map<string, Promise<Dataset>>();
const evictionListeners = new Set<(id: string) => void>();
/** Where evicted datasets are read again from: set by useStoredFiles. */
let storedFiles: StoredFileReader | undefined;

function entryOf(id: string | undefined): Entry {
  const entry = library.get(id ?? activeId ?? '');
  if (!entry) throw new DatasetNotLoadedError(id);
  return entry;
}

function asDataset(entry: Entry, table: Table): Dataset {
  return { id: entry.id, name: entry.name, sha256: entry.sha256, table, readAs: entry.readAs, skipped: entry.skipped };
}

/** Evict what the budget requires; `justUsed` stays, as its caller is about to use it. */
function enforceBudget(justUsed: string): void {
  const pinned = new Set([justUsed, ...pipelineIds]);
  if (activeId !== undefined) pinned.add(activeId);
  const held = [...library.values()].filter((e) => e.table && e.stored);
  // Tables that cannot be read again are not candidates, but they take their share of the budget.
  const unstored = [...library.values()].filter((e) => e.table && !e.stored).reduce((sum, e) => sum + e.bytes, 0);
  for (const id of chooseEvictions(held, pinned, budget - unstored)) {
    const entry = library.get(id) as Entry;
    entry.table = undefined;
    for (const listener of evictionListeners) listener(id);
  }
}

/**
 * The parsed dataset with that id, or the active one when id is undefined. Synchronous, so it
 * serves only parsed tables: call ensureResident first for one that may have been evicted.
 */
export function loadedDataset(id?: string): Dataset {
  const entry = entryOf(id);
  if (!entry.table) throw new DatasetNotLoadedError(id);
  entry.lastUse = ++clock;
  return asDataset(entry, entry.table);
}

/** The dataset with that id (or the active one), read again from its stored file when it was evicted. */
export async function residentDataset(id?: string): Promise<Dataset> {
  const entry = entryOf(id);
  if (entry.table) return loadedDataset(entry.id);
  let pending = reading.get(entry.id);
  if (!pending) {
    const ref = { id: entry.id, name: entry.name, sha256: entry.sha256, readAs: entry.readAs };
    if (!storedFiles) throw new Error(`${entry.name} was let go to save memory, and the engine has not been given the stored files to read it again from`);
    pending = readStoredDataset(ref, storedFiles).then((table) => {
      // Forgotten or read anew while this read ran: keep what the library has now.
      if (library.get(ref.id) !== entry) return loadedDataset(ref.id);
      entry.table = table;
      entry.lastUse = ++clock;
      enforceBudget(entry.id);
      return asDataset(entry, table);
    });
    reading.set(entry.id, pending);
    void pending.finally(() => reading.delete(entry.id)).catch(() => undefined);
  }
  return pending;
}

/**
 * Have these datasets parsed (undefined: the active one), one after the other, telling `onReread`
 * the name of each that is read again. Ids the library does not know are left to fail where they are used.
 */
export async function ensureResident(ids: readonly (string | undefined)[], onReread?: (name: string) => void): Promise<void> {
  for (const id of ids) {
    const entry = library.get(id ?? activeId ?? '');
    if (!entry) continue;
    if (!entry.table) onReread?.(entry.name);
    await residentDataset(id);
  }
}

/** The datasets the current pipeline reads (undefined: the active one): they are not evicted. */
export function usePipeline(ids: readonly (string | undefined)[]): void {
  pipelineIds = new Set(ids.filter((id) => id !== undefined));
}

/** Hold a parsed dataset, replacing an earlier parse of it. `stored: false` for a file not in the Datasets list. */
export function putDataset(data: Dataset, { stored = true }: { stored?: boolean } = {}): void {
  const { table } = data;
  library.set(data.id, { ...data, table, rows: table.rowCount, columns: table.columns.length, bytes: tableBytes(table), lastUse: ++clock, stored });
  enforceBudget(data.id);
}

export function activateDataset(id: string): void {
  entryOf(id);
  activeId = id;
}

export function renameDataset(id: string, name: string): void {
  entryOf(id).name = name;
}

export function forgetDataset(id: string): void {
  library.delete(id);
  if (activeId === id) activeId = undefined;
}

/** The datasets the engine holds, evicted ones included: it reads those again when they are used. */
export function loadedDatasets(): LoadedDataset[] {
  return [...library.values()].map((d) => ({
    id: d.id,
    name: d.name,
    sha256: d.sha256,
    rows: d.rows,
    columns: d.columns,
    active: d.id === activeId,
  }));
}

/** Where the library reads an evicted dataset's stored file again (the page's store, lent through EngineApi.useStoredFiles). */
export function useStoredFiles(read: StoredFileReader): void {
  storedFiles = read;
}

/** Called with each evicted dataset's id, so that caches derived from its table can let it go too. */
export function onEvicted(listener: (id: string) => void): () => void {
  evictionListeners.add(listener);
  return () => evictionListeners.delete(listener);
}

/** Set the budget for parsed tables in bytes (default: defaultLibraryBudget()); it applies from the next table held. */
export function setLibraryBudget(bytes: number): void {
  budget = bytes;
}
