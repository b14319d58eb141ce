/**
 * Rows that repeat an earlier row exactly, found in O(rows × columns): each row gets a 32-bit hash
 * built column by column, rows go into an open-addressing table keyed by that hash, and only rows
 * whose hashes meet are compared cell by cell. Two missing cells count as equal, as in pandas'
 * duplicated().
 */
import type { Column, Table } from '../table/table';

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return h ^ (h >>> 15);
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function addColumnHash(hashes: Uint32Array, column: Column): void {
  switch (column.kind) {
    case 'numeric':
    case 'date': {
      const { values } = column;
      const words = new Uint32Array(values.buffer, values.byteOffset, 2 * values.length);
      for (let r = 0; r < hashes.length; r++) {
        const v = values[r];
        // Every NaN (missing) alike, and 0 like -0.
        hashes[r] = v !== v ? mix(hashes[r], 0x7ff80000) : v === 0 ? mix(hashes[r], 0) : mix(mix(hashes[r], words[2 * r]), words[2 * r + 1]);
      }
      return;
    }
    case 'categorical':
    case 'boolean':
      for (let r = 0; r < hashes.length; r++) hashes[r] = mix(hashes[r], column.codes[r]);
      return;
    case 'text':
      for (let r = 0; r < hashes.length; r++) {
        const v = column.values[r];
        hashes[r] = mix(hashes[r], v === null ? 0x5bd1e995 : stringHash(v));
      }
  }
}

function cellsEqual(column: Column, a: number, b: number): boolean {
  switch (column.kind) {
    case 'numeric':
    case 'date': {
      const x = column.values[a];
      const y = column.values[b];
      return x === y || (x !== x && y !== y);
    }
    case 'categorical':
    case 'boolean':
      return column.codes[a] === column.codes[b];
    case 'text':
      return column.values[a] === column.values[b];
  }
}

function rowsEqual(columns: readonly Column[], a: number, b: number): boolean {
  for (const column of columns) if (!cellsEqual(column, a, b)) return false;
  return true;
}

/**
 * For each row, the first earlier row it repeats over `columns` (all columns by default), or -1.
 */
export function duplicateOf(table: Table, columns: readonly Column[] = table.columns): Int32Array {
  const n = table.rowCount;
  const hashes = new Uint32Array(n);
  for (const column of columns) addColumnHash(hashes, column);
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  const firstOf = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) {
    const h = hashes[r];
    let at = h & mask;
    for (;;) {
      const other = slots[at];
      if (other < 0) {
        slots[at] = r;
        break;
      }
      if (hashes[other] === h && rowsEqual(columns, other, r)) {
        firstOf[r] = other;
        break;
      }
      at = (at + 1) & mask;
    }
  }
  return firstOf;
}

export interface DuplicateRows {
  /** Rows that repeat an earlier row (the first of each group is not counted). */
  count: number;
  /** The first few: the repeating row and the earlier row it repeats (0-based table rows). */
  examples: { row: number; of: number }[];
}

export function findDuplicateRows(table: Table, examples = 5): DuplicateRows {
  const firstOf = duplicateOf(table);
  const found: DuplicateRows = { count: 0, examples: [] };
  for (let r = 0; r < firstOf.length; r++) {
    if (firstOf[r] < 0) continue;
    found.count++;
    if (found.examples.length < examples) found.examples.push({ row: r, of: firstOf[r] });
  }
  return found;
}
