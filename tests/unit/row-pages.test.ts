/**
 * The rows viewer's pages (src/app/row-pages.ts) and the engine's side of them (core's previewRows
 * and predictionRows from a row, rowSpan): the first page needs no read, pages are read only once
 * the wanted rows stay put, each page once, the least recently used go past the capacity, a failed
 * read is reported and tried again; and the pages hold the rows the preview would show.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RowPages, type RowSource } from '../../src/app/row-pages';
import { predictionRows } from '../../src/core/pipeline/predict';
import { tableFromStrings } from '../../src/core/table/kinds';
import { previewRows, rowSpan } from '../../src/core/table/table';

/** A source of `rowCount` rows whose cells name their row ("r<row>"), recording each read; reads answer when the test says. */
function recordingSource(rowCount: number, pageSize = 100) {
  const reads: { start: number; count: number; answer: () => void; fail: (message: string) => void }[] = [];
  const rowsOf = (start: number, count: number) => Array.from({ length: Math.max(0, Math.min(rowCount, start + count) - start) }, (_, i) => [`r${start + i}`, String(start + i)]);
  const source: RowSource = {
    rowCount,
    first: rowsOf(0, pageSize),
    read: (start, count) =>
      new Promise((resolve, reject) => {
        reads.push({ start, count, answer: () => resolve(rowsOf(start, count)), fail: (message) => reject(new Error(message)) });
      }),
  };
  return { source, reads };
}

/** Let the reads answered so far reach the cache. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RowPages', () => {
  it('holds the first page from the summary: the first rows need no read', () => {
    const { source, reads } = recordingSource(250);
    const pages = new RowPages(source, { settleMs: 100 });
    pages.want(0, 20);
    vi.advanceTimersByTime(1000);
    expect(reads).toEqual([]);
    expect(pages.row(0)).toEqual(['r0', '0']);
    expect(pages.row(99)).toEqual(['r99', '99']);
    expect(pages.row(100)).toBeUndefined();
  });

  it('reads nothing while the wanted rows move, then only the pages the last rows need', async () => {
    const { source, reads } = recordingSource(100_000);
    let changes = 0;
    const pages = new RowPages(source, { settleMs: 100, onChange: () => changes++ });
    // A fast scroll: a new window every 16 ms, across 600 pages.
    for (let start = 0; start < 60_000; start += 100) {
      pages.want(start, start + 30);
      vi.advanceTimersByTime(16);
    }
    expect(reads).toEqual([]);
    // It stops across a page boundary: rows 59,980–60,009 are pages 599 and 600, read once the rows stayed put 100 ms.
    pages.want(59_980, 60_010);
    vi.advanceTimersByTime(99);
    expect(reads).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reads.map((r) => [r.start, r.count])).toEqual([
      [59_900, 100],
      [60_000, 100],
    ]);
    expect(pages.reading).toEqual([599, 600]);
    // Wanting the same rows again while they are read reads nothing more.
    pages.want(59_985, 60_015);
    vi.advanceTimersByTime(500);
    expect(reads).toHaveLength(2);

    reads[1].answer();
    await settle();
    expect(changes).toBe(1);
    expect(pages.row(60_009)).toEqual(['r60009', '60009']);
    expect(pages.row(59_990)).toBeUndefined();
    reads[0].answer();
    await settle();
    expect(changes).toBe(2);
    expect(pages.row(59_990)).toEqual(['r59990', '59990']);
    expect(pages.reading).toEqual([]);
  });

  it('reads the last page short, and wants nothing past the last row', async () => {
    const { source, reads } = recordingSource(20_000);
    const pages = new RowPages(source, { settleMs: 50 });
    expect(pages.pagesOf(19_980, 20_010)).toEqual([199]);
    expect(pages.pagesOf(95, 205)).toEqual([0, 1, 2]);
    expect(pages.pagesOf(300, 300)).toEqual([]);
    pages.want(19_975, 20_005);
    vi.advanceTimersByTime(50);
    expect(reads.map((r) => r.start)).toEqual([19_900]);
    reads[0].answer();
    await settle();
    expect(pages.row(19_999)).toEqual(['r19999', '19999']);
  });

  it('keeps at most `capacity` pages, letting the least recently used go, never those in view', async () => {
    const { source, reads } = recordingSource(10_000);
    const pages = new RowPages(source, { settleMs: 10, capacity: 3 });
    const visit = async (page: number) => {
      pages.want(page * 100, page * 100 + 30);
      vi.advanceTimersByTime(10);
      reads.at(-1)?.answer();
      await settle();
    };
    await visit(5);
    await visit(6);
    expect(pages.held).toEqual([0, 5, 6]);
    // Back to page 0: held, nothing read, and now the most recently used.
    const before = reads.length;
    await visit(0);
    expect(reads).toHaveLength(before);
    expect(pages.held).toEqual([5, 6, 0]);
    await visit(7);
    expect(pages.held).toEqual([6, 0, 7]);
    expect(pages.row(550)).toBeUndefined();
    expect(pages.row(0)).toEqual(['r0', '0']);

    // A window over more pages than the capacity keeps them all while it shows them.
    pages.want(1000, 1450);
    vi.advanceTimersByTime(10);
    for (const read of reads.slice(-5)) read.answer();
    await settle();
    expect(pages.held).toEqual([10, 11, 12, 13, 14]);
  });

  it('reports a failed read with the rows it was for, and reads again when those rows are wanted again', async () => {
    const { source, reads } = recordingSource(1000);
    let changes = 0;
    const pages = new RowPages(source, { settleMs: 10, onChange: () => changes++ });
    pages.want(400, 420);
    vi.advanceTimersByTime(10);
    reads[0].fail('The dataset d1 is not loaded in the engine');
    await settle();
    expect(changes).toBe(1);
    expect(pages.error).toBe('Could not read rows 401–500: The dataset d1 is not loaded in the engine');
    expect(pages.row(400)).toBeUndefined();
    pages.want(400, 420);
    vi.advanceTimersByTime(10);
    expect(reads).toHaveLength(2);
    reads[1].answer();
    await settle();
    expect(pages.error).toBeNull();
    expect(pages.row(400)).toEqual(['r400', '400']);
  });

  it('once disposed, reads nothing more and drops the answers on the way', async () => {
    const { source, reads } = recordingSource(1000);
    let changes = 0;
    const pages = new RowPages(source, { settleMs: 10, onChange: () => changes++ });
    pages.want(200, 220);
    vi.advanceTimersByTime(10);
    pages.want(500, 520);
    pages.dispose();
    vi.advanceTimersByTime(100);
    expect(reads).toHaveLength(1);
    reads[0].answer();
    await settle();
    expect(changes).toBe(0);
    expect(pages.row(200)).toBeUndefined();
  });
});

describe('the engine side: rows from a row', () => {
  // 250 rows: a number (missing every seventh), a category, a date.
  const n = 250;
  const raw = [
    Array.from({ length: n }, (_, i) => (i % 7 === 3 ? '' : String(i * 1.5))),
    Array.from({ length: n }, (_, i) => ['red', 'green', 'blue'][i % 3]),
    Array.from({ length: n }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`),
  ];
  const { table } = tableFromStrings(['x', 'colour', 'day'], raw);

  it('pages of previewRows read through RowPages are the rows as the file wrote them', async () => {
    const pages = new RowPages({ rowCount: n, first: previewRows(table, 100), read: async (start, count) => previewRows(table, count, start) }, { settleMs: 0 });
    pages.want(100, 250);
    await vi.advanceTimersByTimeAsync(0);
    for (const i of [0, 3, 99, 100, 101, 199, 200, 249]) {
      expect(pages.row(i)).toEqual([raw[0][i], raw[1][i], raw[2][i]]);
    }
  });

  it('cuts a page at the table end and refuses rows outside the table, naming them', () => {
    expect(previewRows(table, 100, 200)).toHaveLength(50);
    expect(previewRows(table, 100, 250)).toEqual([]);
    expect(rowSpan(240, 100, 250)).toEqual({ start: 240, end: 250 });
    expect(() => rowSpan(251, 10, 250)).toThrow('Row 251 is not a row of this table of 250 rows');
    expect(() => rowSpan(-1, 10, 250)).toThrow('Row -1 is not a row');
    expect(() => rowSpan(1.5, 10, 250)).toThrow('Row 1.5 is not a row');
    expect(() => rowSpan(0, -2, 250)).toThrow('not -2');
    expect(() => rowSpan(0, Number.NaN, 250)).toThrow('not NaN');
  });

  it('predictionRows shows the appended columns from a row, empty where a row was not scored', () => {
    const columns = [
      { name: 'predicted_y', values: ['a', 'b', 'c', 'd'] },
      { name: 'proba_a', values: Float64Array.from([0.9, Number.NaN, 0.25, 0.125]) },
    ];
    expect(predictionRows(columns, 4, 1, 2)).toEqual([
      ['b', ''],
      ['c', '0.25'],
    ]);
    expect(predictionRows(columns, 4, 3, 100)).toEqual([['d', '0.125']]);
    expect(() => predictionRows(columns, 4, 5, 1)).toThrow('Row 5 is not a row of this table of 4 rows');
  });
});
