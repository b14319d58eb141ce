/**
 * Which parsed tables the engine lets go when the ones it holds outgrow their budget: the least
 * recently used first, never a pinned one (the active dataset, the current pipeline's sources, the
 * one just read). An evicted dataset is read again from its stored file when it is next needed.
 */
import { defaultMemoryLimit } from '../core/csv/memory';
import type { Table } from '../core/table/table';

export interface EvictionCandidate {
  id: string;
  /** The parsed table's estimated size (tableBytes). */
  bytes: number;
  /** When it was last used, on any increasing clock: lower is older. */
  lastUse: number;
}

/**
 * The ids to evict, oldest first, so that the tables left fit `budget`. Pinned tables count
 * toward the total but stay; when they alone exceed the budget every other table goes.
 */
export function chooseEvictions(entries: readonly EvictionCandidate[], pinned: ReadonlySet<string>, budget: number): string[] {
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const evict: string[] = [];
  const oldestFirst = entries.filter((e) => !pinned.has(e.id)).sort((a, b) => a.lastUse - b.lastUse);
  for (const entry of oldestFirst) {
    if (total <= budget) break;
    evict.push(entry.id);
    total -= entry.bytes;
  }
  return evict;
}

/**
 * What a string costs in a JS heap, roughly: two bytes a character (V8 keeps non-Latin-1 text that
 * way, and a sliced or cons string more) plus a header and the array slot pointing at it.
 */
const STRING_OVERHEAD = 24;

function stringsBytes(values: readonly (string | null)[]): number {
  let bytes = values.length * 8;
  for (const v of values) if (v !== null) bytes += STRING_OVERHEAD + 2 * v.length;
  return bytes;
}

/** A table's size in memory: its typed arrays (columns, row ids, file lines) exactly, its strings (text cells, category names) estimated. */
export function tableBytes(table: Table): number {
  let bytes = (table.rowIds?.byteLength ?? 0) + (table.sourceLines?.lines?.byteLength ?? 0);
  for (const column of table.columns) {
    if (column.kind === 'text') bytes += stringsBytes(column.values);
    else if (column.kind === 'numeric' || column.kind === 'date') bytes += column.values.byteLength;
    else bytes += column.codes.byteLength + stringsBytes(column.categories);
  }
  return bytes;
}

/**
 * The default budget for parsed tables: a quarter of what the memory guard lets this thread use
 * (src/core/csv/memory.ts). The rest is for what runs beside them: a load in progress peaks at
 * three times its file, and a run holds its split, preprocessed copies and tensors.
 */
export function defaultLibraryBudget(): number {
  return Math.floor(defaultMemoryLimit() / 4);
}
