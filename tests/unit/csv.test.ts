import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CsvError, parseCsv, parseCsvStrings, type RawCsv } from '../../src/core/csv/parse';
import { CHUNK_BYTES } from '../../src/core/csv/decode';
import { defaultMemoryLimit, FALLBACK_MEMORY_LIMIT } from '../../src/core/csv/memory';
import { parseDate } from '../../src/core/table/kinds';
import { cellText, type Column, type Table } from '../../src/core/table/table';

const spectrum = new URL('../../../shared/datasets/csv-edge-cases/', import.meta.url);
const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = [0xef, 0xbb, 0xbf];

/** Raw rows as records keyed by the header, the shape of csv-spectrum's json files. */
function records(raw: RawCsv): Record<string, string>[] {
  const rows = raw.columns[0]?.length ?? 0;
  return Array.from({ length: rows }, (_, r) => Object.fromEntries(raw.header.map((h, c) => [h, raw.columns[c][r]])));
}

/** Whether a typed cell holds what `text` says: numbers and dates compared as values, the rest as text. */
function holds(column: Column, row: number, text: string): boolean {
  switch (column.kind) {
    case 'numeric':
      return text.trim() === '' ? Number.isNaN(column.values[row]) : column.values[row] === Number(text);
    case 'date':
      return text.trim() === '' ? Number.isNaN(column.values[row]) : column.values[row] === parseDate(text);
    default:
      return cellText(column, row) === text;
  }
}

function expectTableHolds(table: Table, expected: Record<string, string>[]): void {
  expect(table.rowCount).toBe(expected.length);
  expected.forEach((record, r) => {
    table.columns.forEach((column) => expect(holds(column, r, record[column.name]), `${column.name}[${r}]`).toBe(true));
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('csv-spectrum files', () => {
  const names = readdirSync(new URL('csvs/', spectrum))
    .filter((f) => f.endsWith('.csv'))
    .map((f) => f.slice(0, -4))
    // Its json does not match its csv (csv-edge-cases/NOTES.md); tested on its own below.
    .filter((name) => name !== 'location_coordinates');

  it('includes the eleven files the notes vouch for', () => {
    expect(names).toHaveLength(11);
  });

  for (const name of names) {
    const bytes = new Uint8Array(readFileSync(new URL(`csvs/${name}.csv`, spectrum)));
    const expected = JSON.parse(readFileSync(new URL(`json/${name}.json`, spectrum), 'utf8')) as Record<string, string>[];

    it(`${name}: raw strings equal json/${name}.json`, async () => {
      const raw = await parseCsvStrings(bytes);
      expect(records(raw)).toEqual(expected);
      expect(raw.errors).toEqual([]);
    });

    it(`${name}: the typed table holds the same values`, async () => {
      const { table, errors } = await parseCsv(bytes);
      expect(errors).toEqual([]);
      expectTableHolds(table, expected);
    });
  }

  it('location_coordinates: parses to the record the CSV actually holds', async () => {
    const raw = await parseCsvStrings(new Uint8Array(readFileSync(new URL('csvs/location_coordinates.csv', spectrum))));
    expect(records(raw)).toEqual([
      {
        'Contact Phone Number': '2095257564',
        'Location Coordinates': '37\ufffd36\'37.8"N 121\ufffd2\'17.9"W',
        Cities: 'Modesto',
        Counties: 'Stanislaus',
      },
    ]);
  });

  it('keeps the leading zero of a zip code in the raw strings; the typed column reads it as a number', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('csvs/comma_in_quotes.csv', spectrum)));
    expect((await parseCsvStrings(bytes)).columns[4]).toEqual(['08123']);
    const zip = (await parseCsv(bytes)).table.columns[4];
    expect(zip.kind === 'numeric' && zip.values[0]).toBe(8123);
  });
});

describe('dialects', () => {
  const expected = [
    { id: '1', name: 'Ann', note: 'says "hi", twice\nthen leaves' },
    { id: '2', name: 'Bob', note: '' },
  ];

  /** The rows above written with a given delimiter and line ending. */
  function write(delimiter: string, newline: string): string {
    const lines = [
      ['id', 'name', 'note'],
      ['1', 'Ann', `"says ""hi""${delimiter} twice${newline}then leaves"`],
      ['2', 'Bob', ''],
    ];
    return lines.map((l) => l.join(delimiter)).join(newline) + newline;
  }

  const cases: [string, string, string][] = [
    ['comma, LF', ',', '\n'],
    ['semicolon, CRLF', ';', '\r\n'],
    ['tab, LF', '\t', '\n'],
    ['pipe, CR', '|', '\r'],
  ];
  for (const [title, delimiter, newline] of cases) {
    it(`detects ${title}`, async () => {
      const text = write(delimiter, newline);
      const raw = await parseCsvStrings(utf8(text));
      expect(raw.delimiter).toBe(delimiter);
      expect(records(raw)).toEqual(expected.map((r) => ({ ...r, note: r.note.replace('\n', newline).replace(',', delimiter) })));
    });
  }

  it('drops a UTF-8 byte-order mark (with CRLF line endings)', async () => {
    const bytes = new Uint8Array([...BOM, ...utf8('größe,farbe\r\n1,grün\r\n2,blau\r\n')]);
    const raw = await parseCsvStrings(bytes);
    expect(raw.header).toEqual(['größe', 'farbe']);
    expect(raw.columns).toEqual([['1', '2'], ['grün', 'blau']]);
    expect(raw.encoding).toBe('UTF-8');
    expect(raw.bytes).toBe(bytes.length);
  });

  it('drops a BOM at the start of a string', async () => {
    expect((await parseCsvStrings('\ufeffa,b\n1,2\n')).header).toEqual(['a', 'b']);
  });

  it('reads UTF-16LE with a byte-order mark', async () => {
    const text = 'a\tb\r\nä\t1\r\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    const raw = await parseCsvStrings(bytes);
    expect(raw.encoding).toBe('UTF-16LE');
    expect(records(raw)).toEqual([{ a: 'ä', b: '1' }]);
  });

  it('reads a file that is not valid UTF-8 as windows-1252', async () => {
    // "café" with é as the single byte 0xE9, as a legacy Windows export writes it.
    const bytes = new Uint8Array([...utf8('name,n\ncaf'), 0xe9, ...utf8(',1\n')]);
    const raw = await parseCsvStrings(bytes);
    expect(raw.encoding).toBe('windows-1252');
    expect(raw.columns[0]).toEqual(['café']);
  });

  it('skips empty and blank lines, which do not count as rows', async () => {
    const raw = await parseCsvStrings('\na,b\n\n1,2\n   \n3,4\n\n\n');
    expect(raw.columns).toEqual([['1', '3'], ['2', '4']]);
  });

  it('keeps a row whose fields are all empty', async () => {
    const { table } = await parseCsv('a,b\n1,x\n,\n');
    expect(table.rowCount).toBe(2);
  });

  it('reads a file without a final line break, and a single-column file', async () => {
    expect((await parseCsvStrings('a,b\n1,2')).columns).toEqual([['1'], ['2']]);
    const single = await parseCsvStrings('value\n1\n2\n');
    expect(single.delimiter).toBe(',');
    expect(single.columns).toEqual([['1', '2']]);
  });

  it('reads a string, bytes and a Blob alike', async () => {
    const text = write(',', '\r\n');
    const fromString = await parseCsvStrings(text);
    expect(await parseCsvStrings(utf8(text))).toEqual(fromString);
    expect(await parseCsvStrings(new Blob([text]))).toEqual(fromString);
  });
});

describe('chunked reading', () => {
  /** A file longer than one chunk, with `straddling` placed so that it spans the first chunk boundary. */
  function acrossBoundary(straddling: string, newline = '\n'): { text: string; rows: number } {
    const header = `id,text${newline}`;
    const line = (i: number) => `${i},plain${newline}`;
    let text = header;
    let rows = 0;
    // Filler rows up to a few bytes before the boundary (all ASCII, so chars = bytes).
    while (text.length + line(rows).length < CHUNK_BYTES - 4) text += line(rows++);
    text += `${rows++},${straddling}${newline}`;
    for (let i = 0; i < 1000; i++) text += line(rows++);
    return { text, rows };
  }

  it('keeps a multi-byte character whole when a chunk boundary splits its bytes', async () => {
    const { text, rows } = acrossBoundary('中文字');
    for (const source of [utf8(text), new Blob([text])]) {
      const raw = await parseCsvStrings(source);
      expect(raw.columns[0]).toHaveLength(rows);
      expect(raw.columns[1].filter((v) => v !== 'plain')).toEqual(['中文字']);
    }
  });

  it('keeps a quoted line break and a CRLF whole across a chunk boundary', async () => {
    const { text, rows } = acrossBoundary('"one\r\ntwo, three"', '\r\n');
    const raw = await parseCsvStrings(text);
    expect(raw.errors).toEqual([]);
    expect(raw.columns[0]).toHaveLength(rows);
    expect(raw.columns[1].filter((v) => v !== 'plain')).toEqual(['one\r\ntwo, three']);
  });

  it('reports progress per chunk, ending at the total size', async () => {
    const { text, rows } = acrossBoundary('x');
    const seen: { bytes: number; totalBytes: number; rows: number }[] = [];
    await parseCsv(utf8(text), { onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((p, i) => i === 0 || p.bytes > seen[i - 1].bytes)).toBe(true);
    expect(seen.at(-1)).toEqual({ bytes: text.length, totalBytes: text.length, rows });
  });

  it('stops with an AbortError when aborted between chunks', async () => {
    const { text } = acrossBoundary('x');
    const controller = new AbortController();
    const error = await rejection(parseCsv(utf8(text), { signal: controller.signal, onProgress: () => controller.abort() }));
    expect(error.name).toBe('AbortError');
  });

  it('does not start when the signal is already aborted', async () => {
    const error = await rejection(parseCsv('a\n1\n', { signal: AbortSignal.abort() }));
    expect(error.name).toBe('AbortError');
  });
});

describe('rows that cannot be read', () => {
  it('reports rows with too few or too many fields by data-row index and file line, and keeps the rest', async () => {
    const text = 'a,b,c\n1,2,3\n4,5\n\n"multi\nline",7,8\n9,10,11,12\n13,14,15\n';
    const { table, errors } = await parseCsv(text);
    expect(errors).toEqual([
      // Line 4 is blank and the record on line 5 goes on to line 6.
      { row: 1, line: 3, message: 'line 3: expected 3 fields, found 2' },
      { row: 3, line: 7, message: 'line 7: expected 3 fields, found 4' },
    ]);
    expect(table.rowCount).toBe(3);
    expect(cellText(table.columns[0], 1)).toBe('multi\nline');
    expect(cellText(table.columns[2], 2)).toBe('15');
  });

  it('reports a row whose quoted field is never closed', async () => {
    const { errors, table } = await parseCsv('a,b\n1,2\n3,"open\n');
    expect(errors).toEqual([{ row: 1, line: 3, message: 'line 3: a quoted field is never closed (the rest of the file was read into it)' }]);
    expect(table.rowCount).toBe(1);
  });

  it('reports a row with text after a closing quote', async () => {
    // Papa then reads on to the next quote, so the lines up to it ("3,4") belong to the bad row.
    const { errors, table } = await parseCsv('a,b\n0,1\n1,"x"y\n3,4\n5,"6"\n7,8\n');
    expect(errors).toEqual([{ row: 1, line: 3, lastLine: 5, message: 'lines 3–5: a quoted field has characters after its closing quote' }]);
    expect(records(await parseCsvStrings('a,b\n0,1\n1,"x"y\n3,4\n5,"6"\n7,8\n'))).toEqual([
      { a: '0', b: '1' },
      { a: '7', b: '8' },
    ]);
    expect(table.rowCount).toBe(2);
  });
});

describe('files that are not tables', () => {
  const cases: [string, string | Uint8Array | Blob, RegExp][] = [
    ['an empty file', new Uint8Array(0), /The file is empty/],
    ['an empty string', '', /The file is empty/],
    ['a byte-order mark only', new Uint8Array(BOM), /The file is empty/],
    ['blank lines only (no columns)', '\n \r\n\n', /has no columns/],
    ['a PNG renamed .csv', new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])], 'photo.csv'),
      /^The file "photo\.csv" does not look like a CSV text file \(it contains binary data; it looks like a PNG image\)/],
    ['bytes with NULs', new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x2c, 0x03]), /does not look like a CSV text file \(it contains binary data\)/],
    ['an xlsx workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /Excel workbook \(\.xlsx\); save it as CSV first/],
    ['a header without data rows', 'a,b,c\n', /has a header row but no data rows/],
    ['a header without a line break', 'a,b,c', /has a header row but no data rows/],
    ['an empty header name', 'a,,c\n1,2,3\n', /column without a name \(column 2 of the header row\)/],
    ['a blank header name', 'a, \n1,2\n', /column without a name \(column 2/],
    ['a duplicate header name', 'a,b,a\n1,2,3\n', /two columns named "a" \(columns 1 and 3 of the header row\)/],
    ['no row matching the header', 'a,b\n1,2,3\n4,5,6\n', /no usable rows: none of its 2 data rows could be read \(line 2: expected 2 fields, found 3\)/],
  ];
  for (const [what, source, message] of cases) {
    it(`refuses ${what}`, async () => {
      const error = await rejection(parseCsv(source));
      expect(error).toBeInstanceOf(CsvError);
      expect(error.name).toBe('CsvError');
      expect(error.message).toMatch(message);
    });
  }
});

describe('parseCsv', () => {
  it('types the columns and reports the missing-value tokens it used', async () => {
    const text = 'n,when,ok,grade,sex\n1.5,2024-01-31,yes,A,NA\nNA,,no,B,male\n3,2024-02-01T10:00:00Z,yes,A,female\n';
    const { table, missingTokens, delimiter, encoding, bytes } = await parseCsv(text);
    expect(table.columns.map((c) => c.kind)).toEqual(['numeric', 'date', 'boolean', 'categorical', 'categorical']);
    expect(missingTokens).toEqual(['NA']);
    expect(cellText(table.columns[4], 0)).toBe('');
    expect({ delimiter, encoding, bytes }).toEqual({ delimiter: ',', encoding: 'UTF-8', bytes: text.length });
  });
});

describe('dialect: detected, reported and overridden', () => {
  /** `text` as UTF-16 code units in the given byte order, after that order's byte-order mark. */
  function utf16(text: string, littleEndian: boolean): Uint8Array {
    const bytes = new Uint8Array(2 + text.length * 2);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xfeff, littleEndian);
    for (let i = 0; i < text.length; i++) view.setUint16(2 + 2 * i, text.charCodeAt(i), littleEndian);
    return bytes;
  }

  it('reports what it read: delimiter, quote, escape, header, line ending, encoding, byte-order mark', async () => {
    const { dialect } = await parseCsv(utf8('a;b\r\n1;x\r\n2;y\r\n'));
    expect(dialect).toEqual({ delimiter: ';', quoteChar: '"', escapeChar: '"', header: true, newline: '\r\n', encoding: 'UTF-8', bom: false });
    const withBom = await parseCsv(new Uint8Array([...BOM, ...utf8('a|b\r1|x\r')]));
    expect(withBom.dialect).toMatchObject({ delimiter: '|', newline: '\r', encoding: 'UTF-8', bom: true });
  });

  it('reads UTF-16BE and UTF-16LE with a byte-order mark', async () => {
    const text = 'ort,grad\n"Zürich, Altstadt",3\nŁódź,-1\n';
    for (const [littleEndian, encoding] of [[false, 'UTF-16BE'], [true, 'UTF-16LE']] as const) {
      const raw = await parseCsvStrings(utf16(text, littleEndian));
      expect(raw.dialect).toMatchObject({ encoding, bom: true, delimiter: ',', newline: '\n' });
      expect(records(raw)).toEqual([{ ort: 'Zürich, Altstadt', grad: '3' }, { ort: 'Łódź', grad: '-1' }]);
    }
  });

  it('detects fields wrapped in single quotes', async () => {
    const raw = await parseCsvStrings("id,name\n1,'Smith, J'\n2,'O''Brien'\n3,Ann\n");
    expect(raw.dialect).toMatchObject({ quoteChar: "'", escapeChar: "'" });
    expect(raw.columns[1]).toEqual(['Smith, J', "O'Brien", 'Ann']);
  });

  it('detects quotes escaped with a backslash', async () => {
    const raw = await parseCsvStrings('id,text\n1,"say \\"hi\\", twice"\n2,"plain"\n');
    expect(raw.dialect).toMatchObject({ quoteChar: '"', escapeChar: '\\' });
    expect(raw.columns[1]).toEqual(['say "hi", twice', 'plain']);
  });

  it('takes the delimiter, quote and escape characters it is given', async () => {
    const text = "a;b,c\n1;'x;y'\n2;z\n";
    const raw = await parseCsvStrings(text, { dialect: { delimiter: ';', quoteChar: "'" } });
    expect(raw.header).toEqual(['a', 'b,c']);
    expect(raw.columns[1]).toEqual(['x;y', 'z']);
    const escaped = await parseCsvStrings('k|v\n1|"a ~"b~" c"\n', { dialect: { delimiter: '|', escapeChar: '~' } });
    expect(escaped.columns[1]).toEqual(['a "b" c']);
  });

  it('refuses a delimiter or quote character that cannot work', async () => {
    for (const dialect of [{ delimiter: '' }, { delimiter: '\n' }, { quoteChar: '""' }, { delimiter: ',', quoteChar: ',' }]) {
      const error = await rejection(parseCsv('a,b\n1,2\n', { dialect }));
      expect(error.name).toBe('CsvError');
    }
  });

  it('reads a first row of data as data, naming the columns column_1…', async () => {
    const { table, dialect } = await parseCsv('1.5,red,2024-01-01\n2.5,blue,2024-01-02\n-3,red,\n');
    expect(dialect.header).toBe(false);
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['column_1', 'numeric'],
      ['column_2', 'categorical'],
      ['column_3', 'date'],
    ]);
    expect(table.rowCount).toBe(3);
    expect(cellText(table.columns[0], 0)).toBe('1.5');
  });

  it('keeps a header of words, even over numbers, and a first row that is data when told so', async () => {
    const text = 'price,colour\n1.5,red\n2.5,blue\n';
    const detected = await parseCsv(text);
    expect(detected.dialect.header).toBe(true);
    expect(detected.table.columns.map((c) => c.name)).toEqual(['price', 'colour']);
    const told = await parseCsv(text, { dialect: { header: false } });
    expect(told.table.rowCount).toBe(3);
    expect(told.table.columns.map((c) => [c.name, c.kind])).toEqual([['column_1', 'categorical'], ['column_2', 'categorical']]);
  });

  it('takes numbers over numbers for data unless told the first row is a header', async () => {
    const text = '2019,2020\n1,2\n3,4\n';
    expect((await parseCsv(text)).table.rowCount).toBe(3);
    const told = await parseCsv(text, { dialect: { header: true } });
    expect(told.table.columns.map((c) => c.name)).toEqual(['2019', '2020']);
    expect(told.table.rowCount).toBe(2);
  });
});

describe('missing-value tokens', () => {
  it('uses the tokens it is given instead of the default list', async () => {
    const text = 'n,c\n1,x\n--,y\nNA,--\n';
    const custom = await parseCsv(text, { missingTokens: ['--', 'NA'] });
    const [n, c] = custom.table.columns;
    expect(n.kind === 'numeric' && [...n.values]).toEqual([1, NaN, NaN]);
    expect(custom.missingTokens).toEqual(['--', 'NA']);
    // "--" marks missing numbers in this file, so it is missing in the category column too.
    expect(c.kind === 'categorical' && [...c.codes]).toEqual([0, 1, -1]);

    const none = await parseCsv(text, { missingTokens: [] });
    expect(none.table.columns[0].kind).toBe('categorical');
    expect(none.missingTokens).toEqual([]);
  });
});

describe('memory guard', () => {
  it('refuses a file larger than the memory limit before reading it, saying both sizes', async () => {
    const file = new File(['a,b\n'.repeat(3000)], 'big.csv');
    const error = await rejection(parseCsv(file, { memoryLimitBytes: 20_000 }));
    expect(error.name).toBe('CsvError');
    expect(error.message).toMatch(/^The file "big\.csv" is too large to open here: it is 12 kB, .* more than the 20 kB this tab can use/);
  });

  it('reads a file within the limit', async () => {
    expect((await parseCsv('a,b\n1,2\n', { memoryLimitBytes: 1000 })).table.rowCount).toBe(1);
  });

  it('takes its default limit from the heap limit, else half the device memory, else 1 GiB', () => {
    try {
      vi.stubGlobal('navigator', {});
      vi.stubGlobal('performance', {});
      expect(defaultMemoryLimit()).toBe(FALLBACK_MEMORY_LIMIT);
      vi.stubGlobal('navigator', { deviceMemory: 8 });
      expect(defaultMemoryLimit()).toBe(4 * 1024 ** 3);
      vi.stubGlobal('performance', { memory: { jsHeapSizeLimit: 2_000_000_000 } });
      expect(defaultMemoryLimit()).toBe(2_000_000_000);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
