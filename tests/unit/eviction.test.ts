import { describe, expect, it } from 'vitest';
import { FALLBACK_MEMORY_LIMIT } from '../../src/core/csv/memory';
import type { Table } from '../../src/core/table/table';
import { chooseEvictions, defaultLibraryBudget, tableBytes } from '../../src/engine/eviction';

const entries = [
  { id: 'old', bytes: 300, lastUse: 1 },
  { id: 'middle', bytes: 200, lastUse: 5 },
  { id: 'new', bytes: 100, lastUse: 9 },
  { id: 'active', bytes: 400, lastUse: 2 },
];

describe('choosing tables to evict', () => {
  it('evicts nothing while the total fits the budget', () => {
    expect(chooseEvictions(entries, new Set(), 1000)).toEqual([]);
    expect(chooseEvictions([], new Set(), 0)).toEqual([]);
  });

  it('evicts the least recently used first, only as many as needed to fit', () => {
    // Total 1000: dropping 'old' (300) leaves 700.
    expect(chooseEvictions(entries, new Set(), 700)).toEqual(['old']);
    // 'old' then 'active' (lastUse 2): 1000 - 300 - 400 = 300.
    expect(chooseEvictions(entries, new Set(), 699)).toEqual(['old', 'active']);
    // Order of the input does not matter, only lastUse.
    expect(chooseEvictions([...entries].reverse(), new Set(), 699)).toEqual(['old', 'active']);
  });

  it('never evicts a pinned table, which still counts toward the total', () => {
    const pinned = new Set(['active', 'old']);
    // Pinned 700 of 1000; to fit 800 'middle' (lastUse 5) goes, and 'new' (lastUse 9) stays.
    expect(chooseEvictions(entries, pinned, 800)).toEqual(['middle']);
    // Pinned tables alone exceed the budget: every other one goes, and no pinned one.
    expect(chooseEvictions(entries, pinned, 100)).toEqual(['middle', 'new']);
  });
});

describe("a table's size", () => {
  it('counts typed columns byte for byte and estimates strings', () => {
    const table: Table = {
      rowCount: 3,
      rowIds: new Int32Array([0, 1, 2]),
      sourceLines: { first: 2, lines: new Int32Array([2, 4, 5]) },
      columns: [
        { name: 'x', kind: 'numeric', values: new Float64Array(3) },
        { name: 'd', kind: 'date', values: new Float64Array(3) },
        { name: 'c', kind: 'categorical', codes: new Int32Array(3), categories: ['ab', 'c'] },
        { name: 't', kind: 'text', values: ['hello', null, ''] },
      ],
    };
    const ids = 3 * 4 + 3 * 4;
    const numbers = 2 * 3 * 8;
    // Codes, then per category a slot (8), a header (24) and two bytes a character.
    const categorical = 3 * 4 + (2 * 8 + 2 * 24 + 2 * 3);
    // A slot per row; a string for each non-null cell.
    const text = 3 * 8 + (24 + 2 * 5) + (24 + 0);
    expect(tableBytes(table)).toBe(ids + numbers + categorical + text);
    expect(tableBytes({ rowCount: 0, columns: [] })).toBe(0);
  });
});

describe('the default budget', () => {
  it('is a quarter of the memory limit the CSV reader guards (the fallback limit in Node)', () => {
    expect(defaultLibraryBudget()).toBe(FALLBACK_MEMORY_LIMIT / 4);
  });
});
