/**
 * The engine's library of parsed datasets: every dataset the page asked it to hold, by id, and the
 * active one (the one pipelines, runs and 'training' predictions use unless a node names another).
 */
import { castKind } from '../core/steps/cast-kind';
import { withColumns, type Table } from '../core/table/table';
import { castKinds } from './cast-kinds';
import type { DatasetOverrides, LoadedDataset } from './protocol';

export interface Dataset {
  id: string;
  name: string;
  /** sha-256 of the file's bytes: the dataset's identity in lineage and run records. */
  sha256: string;
  table: Table;
  /** The overrides it was read with, as JSON (see SourceData.readAs). */
  readAs?: string;
}

/** A dataset was asked for that the engine has not parsed (the page re-parses it from storage first). */
export class DatasetNotLoadedError extends Error {
  constructor(id: string | undefined) {
    super(id === undefined ? 'Load a CSV file first' : `The dataset ${id} is not loaded in the engine; load it again from the Datasets list`);
    // By name: the class identity is lost across the worker boundary.
    this.name = 'DatasetNotLoadedError';
  }
}

const library = new Map<string, Dataset>();
let activeId: string | undefined;

/** The dataset with that id, or the active one when id is undefined. */
export function loadedDataset(id?: string): Dataset {
  const data = library.get(id ?? activeId ?? '');
  if (!data) throw new DatasetNotLoadedError(id);
  return data;
}

/** The table of the dataset with that id, or of the active one; throws DatasetNotLoadedError when it is not parsed. */
export function datasetTable(id?: string): Table {
  return loadedDataset(id).table;
}

export function putDataset(data: Dataset): void {
  library.set(data.id, data);
}

export function activateDataset(id: string): void {
  loadedDataset(id);
  activeId = id;
}

export function renameDataset(id: string, name: string): void {
  const data = loadedDataset(id);
  library.set(id, { ...data, name });
}

export function forgetDataset(id: string): void {
  library.delete(id);
  if (activeId === id) activeId = undefined;
}

export function loadedDatasets(): LoadedDataset[] {
  return [...library.values()].map((d) => ({
    id: d.id,
    name: d.name,
    sha256: d.sha256,
    rows: d.table.rowCount,
    columns: d.table.columns.length,
    active: d.id === activeId,
  }));
}

/**
 * The user's column changes, applied to a freshly parsed table: kinds through the cast-kind step
 * (one conversion in the app, the same that a pipeline step does), then exclusions. Overrides of
 * columns the file no longer has (read with another delimiter, say) are skipped.
 */
export function applyColumnOverrides(table: Table, overrides: DatasetOverrides): Table {
  const present = new Set(table.columns.map((c) => c.name));
  let out = table;
  for (const [column, to] of Object.entries(overrides.kinds ?? {})) {
    if (!present.has(column)) continue;
    if (!castKinds().includes(to)) throw new Error(`A column cannot be read as ${to} yet (possible: ${castKinds().join(', ')})`);
    out = castKind.apply(out, castKind.fit(out, { column, to }, { target: '' }));
  }
  const excluded = (overrides.excluded ?? []).filter((name) => present.has(name));
  return excluded.length ? withColumns(out, [], excluded) : out;
}
