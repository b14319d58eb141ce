/**
 * Fuzzing the CSV reader against papaparse's writer: random tables (any Unicode text, quotes,
 * delimiters, line breaks of every kind, empty cells, leading and trailing spaces) written by
 * Papa.unparse with random delimiter, quote character and line ending, encoded as UTF-8 with or
 * without a byte-order mark or as UTF-16LE, are read back cell for cell. Text columns are compared
 * as strings (parseCsvStrings keeps every cell as written). Numeric columns are read typed
 * (parseCsv) and compared by value: each cell must give exactly the double Number(cell) gives,
 * missing cells NaN. And no input at all makes the reader throw anything but its own CsvErrors.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../src/core/csv/decode';
import { CsvError, parseCsv, parseCsvStrings } from '../../src/core/csv/parse';
import { fuzzParameters } from './fuzz';

const DELIMITERS = [',', ';', '\t', '|'] as const;
const NEWLINES = ['\n', '\r\n', '\r'] as const;

/** Text a cell may hold: any code point but the control characters that make a file binary (tab and line breaks stay). */
const isBinaryControl = (c: string) => c < ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '\f';
const cellText = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => Array.from(s, (c) => (isBinaryControl(c) ? 'x' : c)).join(''));
/** Cells that test the writer's quoting: delimiters, both quotes, line breaks, spaces at either end, emptiness. */
const trickyCell = fc.oneof(
  cellText,
  fc.constantFrom('', ' ', '  a ', '"', "'", '""', "a'b", 'a"b', ',', ';', '\t', '|', '\r', '\n', '\r\n', 'a\nb', 'x\r', '\ufeffbom', '👍🏽 é ß 中文', 'NA'),
);

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le';

function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'utf-16le') {
    const bytes = new Uint8Array(2 + 2 * text.length);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      bytes[2 + 2 * i] = unit & 0xff;
      bytes[3 + 2 * i] = unit >> 8;
    }
    return bytes;
  }
  const utf8 = new TextEncoder().encode(text);
  if (encoding === 'utf-8') return utf8;
  const bytes = new Uint8Array(3 + utf8.length);
  bytes.set([0xef, 0xbb, 0xbf]);
  bytes.set(utf8, 3);
  return bytes;
}

const dialect = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  quoteChar: fc.constantFrom('"', "'"),
  newline: fc.constantFrom(...NEWLINES),
  quoteAll: fc.boolean(),
  finalNewline: fc.boolean(),
  encoding: fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le'),
});

/** A header of unique, non-blank names (the reader refuses others: see the error property below) and rows of `cell`. */
function table(cell: fc.Arbitrary<string>) {
  return fc.integer({ min: 2, max: 6 }).chain((columns) =>
    fc.record({
      header: fc.array(cellText, { minLength: columns, maxLength: columns }).map((names) => names.map((n, i) => `${n}#${i}`)),
      rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 25 }),
    }),
  );
}

interface Written {
  delimiter: string;
  quoteChar: string;
  newline: string;
  quoteAll: boolean;
  finalNewline: boolean;
  encoding: Encoding;
}

function written(header: string[], rows: string[][], d: Written): Uint8Array {
  const text = Papa.unparse({ fields: header, data: rows }, { delimiter: d.delimiter, quoteChar: d.quoteChar, escapeChar: d.quoteChar, newline: d.newline, quotes: d.quoteAll });
  return encode(text + (d.finalNewline ? d.newline : ''), d.encoding);
}

describe('the CSV reader reads what papaparse writes', () => {
  it('text: every header name and cell as written, no row left out', async () => {
    await fc.assert(
      fc.asyncProperty(table(trickyCell), dialect, async ({ header, rows }, d) => {
        const raw = await parseCsvStrings(written(header, rows, d), { dialect: { delimiter: d.delimiter, quoteChar: d.quoteChar, escapeChar: d.quoteChar, header: true } });
        expect(raw.errors).toEqual([]);
        expect(raw.header).toEqual(header);
        expect(raw.columns).toEqual(header.map((_, c) => rows.map((row) => row[c])));
        expect(raw.encoding).toBe(d.encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-8');
        expect(raw.dialect.bom).toBe(d.encoding !== 'utf-8');
      }),
      fuzzParameters(300),
    );
  });

  it('text across chunk boundaries: a file of more than one chunk, cut anywhere (inside quotes, between CR and LF)', async () => {
    await fc.assert(
      fc.asyncProperty(table(trickyCell), dialect, fc.integer({ min: 0, max: 4000 }), async ({ header, rows }, d, pad) => {
        // The rows repeated past the reader's chunk size, shifted by a padding row so the cuts fall anywhere.
        const line = Papa.unparse({ fields: header, data: rows }, { delimiter: d.delimiter, quoteChar: d.quoteChar, escapeChar: d.quoteChar, newline: d.newline }).length;
        const many = [header.map((_, c) => (c === 0 ? 'p'.repeat(pad) : 'q')), ...Array.from({ length: Math.ceil((1.3 * CHUNK_BYTES) / line) }, () => rows).flat()];
        const raw = await parseCsvStrings(written(header, many, d), { dialect: { delimiter: d.delimiter, quoteChar: d.quoteChar, escapeChar: d.quoteChar, header: true } });
        expect(raw.errors).toEqual([]);
        expect(raw.columns).toEqual(header.map((_, c) => many.map((row) => row[c])));
      }),
      fuzzParameters(12),
    );
  });

  const numberCell = fc.oneof(
    { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
    { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).chain((x) => fc.integer({ min: 0, max: 12 }).map((digits) => x.toFixed(digits))) },
    // Rounded to fewer digits, the largest doubles spell a number beyond them (2e+308), which is no number: left out.
    { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).chain((x) => fc.integer({ min: 0, max: 16 }).map((digits) => x.toExponential(digits))).filter((s) => Number.isFinite(Number(s))) },
    { weight: 2, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.constantFrom('', 'NA', ' 7 ', '-0', '+3', '.5', '5.', '1e5', '1E-5', '000123') },
  );

  it('numbers: a column of numbers and missing cells reads as the doubles Number() gives, missing as NaN', async () => {
    await fc.assert(
      fc.asyncProperty(table(numberCell), dialect, async ({ header, rows }, d) => {
        // Each column holds at least one number, so that it is numeric rather than all missing.
        const filled = rows.map((row, r) => (r === 0 ? row.map(() => '1') : row));
        const { table: read, errors } = await parseCsv(written(header, filled, d), { dialect: { delimiter: d.delimiter, quoteChar: d.quoteChar, escapeChar: d.quoteChar, header: true } });
        expect(errors).toEqual([]);
        expect(read.columns.map((c) => c.name)).toEqual(header);
        read.columns.forEach((column, c) => {
          expect(column.kind, header[c]).toBe('numeric');
          const values = Array.from((column as { values: Float64Array }).values);
          const expected = filled.map((row) => (row[c].trim() === '' || row[c] === 'NA' ? NaN : Number(row[c])));
          // Object.is: NaN equals NaN, and -0 must stay -0.
          values.forEach((v, r) => expect(Object.is(v, expected[r]), `${header[c]} row ${r}: ${JSON.stringify(filled[r][c])} read as ${v}`).toBe(true));
        });
      }),
      fuzzParameters(300),
    );
  });
});

/** Every message the reader may refuse a file with (src/core/csv: decode.ts, dialect.ts, rows.ts, memory.ts, parse.ts). */
const DOCUMENTED = [
  /^The file does not look like a CSV text file \(it contains binary data(; it looks like [^)]+)?\)\.$/,
  /^The file is empty\.$/,
  /^The file has no columns: it holds only blank lines\.$/,
  /^The file has a header row but no data rows\.$/,
  /^The file has no usable rows: none of its \d+ data rows could be read \([\s\S]+\)\. Check that the first row is the header and that every row uses the same delimiter\.$/,
  /^The file has a column without a name \(column \d+ of the header row\)\. Every column needs a unique name in the first row\.$/,
  /^The file has two columns named "[\s\S]*" \(columns \d+ and \d+ of the header row\)\. Every column needs a unique name in the first row\.$/,
  /^The delimiter must be one or more characters other than a line break\.$/,
  /^The (quote|escape) character must be exactly one character \(got "[\s\S]*"\)\.$/,
  /^The delimiter and the quote character must differ\.$/,
];

describe('the CSV reader on any input', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new TextEncoder().encode(s)),
    // Mostly text with delimiters, quotes and line breaks, where the reader's rules are really exercised.
    fc.array(fc.constantFrom('a', '1', ',', ';', '"', "'", '\n', '\r', ' ', '\t', 'é', '\\', ''), { maxLength: 200 }).map((parts) => new TextEncoder().encode(parts.join(''))),
  );
  const overrides = fc.record(
    {
      delimiter: fc.constantFrom(',', ';', '\t', '|', '', '\n', 'ab', '"'),
      quoteChar: fc.constantFrom('"', "'", '', '""', ','),
      escapeChar: fc.constantFrom('"', '\\', "'", ''),
      header: fc.boolean(),
    },
    { requiredKeys: [] },
  );

  it('reads it or refuses it with one of its documented messages, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, overrides, fc.boolean(), async (input, dialect, typed) => {
        try {
          const result = typed ? await parseCsv(input, { dialect }) : await parseCsvStrings(input, { dialect });
          expect(result.bytes).toBe(input.length);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(CsvError);
          const message = (e as Error).message;
          expect(DOCUMENTED.some((pattern) => pattern.test(message)), message).toBe(true);
        }
      }),
      { ...fuzzParameters(1500), timeout: 5_000 },
    );
  });
});
