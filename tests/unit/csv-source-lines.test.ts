/**
 * Rows and errors are named by the file line a person finds in an editor (header = line 1; a record
 * spanning lines is numbered by its first), whatever the reader skipped. Expected lines are counted
 * by hand from each fixture, or from the list of physical lines a fixture is built from.
 */
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../src/core/csv/decode';
import { parseCsv, parseCsvStrings } from '../../src/core/csv/parse';
import { profileDataset } from '../../src/core/profile/dataset';
import type { QualityWarning } from '../../src/core/quality/warning';
import { dropDuplicates } from '../../src/core/steps/drop-duplicates';
import { appendTables, joinTables } from '../../src/core/table/combine';
import { cellText, concatRows, sourceLine, takeRows, withColumns, type Table } from '../../src/core/table/table';

const linesOf = (t: Table) => Array.from({ length: t.rowCount }, (_, r) => sourceLine(t, r));
const stray = (warnings: QualityWarning[], column: string) => warnings.find((w) => w.kind === 'stray_text' && w.columns[0] === column);

describe('a file read row for line', () => {
  it('numbers row r as line r + 2 under the header, with no per-row list', async () => {
    const { table, errors } = await parseCsv('a,b\n1,x\n2,y\n3,z\n\n\n');
    expect(errors).toEqual([]);
    // Trailing blank lines come after every row: the offset still holds.
    expect(table.sourceLines).toEqual({ first: 2 });
    expect(linesOf(table)).toEqual([2, 3, 4]);
  });

  it('counts blank lines before the header and, without a header, starts at the first row', async () => {
    expect((await parseCsv('\n\na,b\n1,2\n')).table.sourceLines).toEqual({ first: 4 });
    expect((await parseCsv('1,2\n3,4\n', { dialect: { header: false } })).table.sourceLines).toEqual({ first: 1 });
  });
});

describe('a file with skipped lines, broken rows and multi-line records', () => {
  // line  1: id,price,label
  // line  2: 1,10,a
  // line  3: 2,20,b
  // line  4: (blank)
  // line  5: 3,n/k,a          stray text in price
  // line  6: 4,"40",b         quoted: the whole file goes through papaparse
  // line  7: 5,50             two fields: left out
  // line  8: "6               one record on lines 8 and 9, stray text in id
  // line  9: six",60,a
  // line 10: 7,70,b
  // line 11: 1,10,a           repeats line 2
  // line 12: 8,80,a
  const text = 'id,price,label\n1,10,a\n2,20,b\n\n3,n/k,a\n4,"40",b\n5,50\n"6\nsix",60,a\n7,70,b\n1,10,a\n8,80,a\n';

  it('reports the broken row by its line and keeps each row its line', async () => {
    const { table, errors } = await parseCsv(text);
    expect(errors).toEqual([{ row: 4, line: 7, message: 'line 7: expected 3 fields, found 2' }]);
    expect(cellText(table.columns[0], 4)).toBe('6\nsix');
    expect(linesOf(table)).toEqual([2, 3, 5, 6, 8, 10, 11, 12]);
    expect((await parseCsvStrings(text)).sourceLines).toEqual(table.sourceLines);
  });

  it('names duplicate and stray-text rows by their file lines', async () => {
    const { warnings } = profileDataset((await parseCsv(text)).table, 'label');
    expect(warnings.find((w) => w.kind === 'duplicates')?.examples).toEqual([{ row: 6, line: 11, value: 'same as line 2' }]);
    expect(stray(warnings, 'price')?.examples).toEqual([{ row: 2, line: 5, value: 'n/k' }]);
    expect(stray(warnings, 'id')?.examples).toEqual([{ row: 4, line: 8, value: '6\nsix' }]);
  });

  it('counts a bare LF inside a quoted cell of a CRLF file as a line, as editors do', async () => {
    // line 1: a,b   lines 2-3: "x<LF>y",1   line 4: 2,3,4 (three fields)   line 5: z,5
    const { table, errors } = await parseCsv('a,b\r\n"x\ny",1\r\n2,3,4\r\nz,5\r\n');
    expect(errors).toEqual([{ row: 1, line: 4, message: 'line 4: expected 2 fields, found 3' }]);
    expect(linesOf(table)).toEqual([2, 5]);
  });

  it('names the row in a message refusing a file with no usable rows', async () => {
    await expect(parseCsv('a,b\n\n1,2,3\n')).rejects.toThrow(/could be read \(line 3: expected 2 fields, found 3\)/);
  });
});

describe('lines across chunk boundaries', () => {
  /** Physical lines of a file bigger than two chunks, with a blank line, a broken row and (quoted) a two-line record in each part. */
  function fixture(quoted: boolean): { text: string; physical: string[] } {
    const physical = ['n,word'];
    let size = 0;
    for (let i = 0; size < 2.5 * CHUNK_BYTES; i++) {
      if (i % 5000 === 1234) physical.push('');
      if (i % 5000 === 2345) physical.push(`${i},two,fields`);
      if (quoted && i % 5000 === 3456) physical.push(`${i},"two`, `lines"`);
      else physical.push(`${i},w${i % 7}`);
      size += physical[physical.length - 1].length + 1;
    }
    return { text: physical.join('\n') + '\n', physical };
  }

  for (const quoted of [false, true]) {
    it(`${quoted ? 'with quotes (papaparse)' : 'without quotes (split in place)'}: every row and error names its line`, async () => {
      const { text, physical } = fixture(quoted);
      const { table, errors } = await parseCsv(text);
      // The expected lines, from the physical lines: 1-based, rows start where n is a number.
      const rowLines = physical.flatMap((l, i) => (/^\d+,/.test(l) && !l.endsWith(',fields') ? [i + 1] : []));
      const brokenLines = physical.flatMap((l, i) => (l.endsWith(',fields') ? [i + 1] : []));
      expect(brokenLines.length).toBeGreaterThan(1);
      expect(errors.map((e) => e.line)).toEqual(brokenLines);
      expect(table.rowCount).toBe(rowLines.length);
      expect(linesOf(table)).toEqual(rowLines);
    });
  }
});

describe('row operations', () => {
  const read = async () => (await parseCsv('k,v\n1,a\n\n2,b\n3,c\n1,a\n')).table;

  it('keep each row its file line through casts, filters and dropped duplicates', async () => {
    const t = await read();
    expect(linesOf(t)).toEqual([2, 4, 5, 6]);
    expect(linesOf(withColumns(t, [], ['v']))).toEqual([2, 4, 5, 6]);
    expect(linesOf(takeRows(t, [3, 1]))).toEqual([6, 4]);
    expect(linesOf(concatRows(takeRows(t, [2]), takeRows(t, [0])))).toEqual([5, 2]);
    const deduped = dropDuplicates.apply(t, dropDuplicates.fit(t, {}, { target: 'v' }));
    expect(linesOf(deduped)).toEqual([2, 4, 5]);
    // An offset-only table taken in part gets its lines listed.
    const clean = (await parseCsv('k\n1\n2\n3\n')).table;
    expect(takeRows(clean, [2, 0]).sourceLines).toEqual({ first: 4, lines: Int32Array.from([4, 2]) });
  });

  it('stacked or joined tables have no file lines: their rows are named by position, from 1', async () => {
    const t = await read();
    const { table: stacked } = appendTables([t, t], 'all');
    expect(stacked.sourceLines).toBeUndefined();
    const { table: joined } = joinTables(t, t, { keys: [{ left: 'k', right: 'k' }], how: 'inner', suffix: '_r' });
    expect(joined.sourceLines).toBeUndefined();
    const duplicates = profileDataset(stacked).warnings.find((w) => w.kind === 'duplicates');
    // Rows 4..7 (0-based) repeat rows 0..3; row 3 already repeats row 0.
    expect(duplicates?.examples?.slice(0, 2)).toEqual([
      { row: 3, value: 'same as row 1' },
      { row: 4, value: 'same as row 1' },
    ]);
  });
});
