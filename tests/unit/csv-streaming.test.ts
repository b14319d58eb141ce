/**
 * The streaming reader's shortcuts against the plain definitions they replace: the in-place number
 * reader against parseNumber, the quote-free splitter against Papa's full parser, and the typed
 * columns built cell by cell against tableFromStrings over the same file's strings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ColumnBuilder } from '../../src/core/csv/columns';
import { CHUNK_BYTES } from '../../src/core/csv/decode';
import type { Dialect, Newline } from '../../src/core/csv/dialect';
import { parseNumberSpan } from '../../src/core/csv/number';
import { parseCsv, parseCsvStrings } from '../../src/core/csv/parse';
import { RowCollector } from '../../src/core/csv/rows';
import { splitPlain } from '../../src/core/csv/split';
import { parseNumber, tableFromStrings, TYPED_MISSING_TOKENS } from '../../src/core/table/kinds';

const datasets = new URL('../../../shared/datasets/', import.meta.url);

describe('parseNumberSpan', () => {
  const numberLike = fc.oneof(
    fc.double().map(String),
    fc.double({ noDefaultInfinity: true, noNaN: true }).map((x) => x.toExponential()),
    fc.integer().map(String),
    fc.stringMatching(/^[-+]?\d{0,18}(\.\d{0,18})?([eE][-+]?\d{0,4})?$/),
    fc.stringMatching(/^ ?[-+]?(0[xob])?[\d.eE]{0,6} ?$/),
    fc.constantFrom('', '-', '+', '.', '-.', '1e', '1e+', 'e5', '.e1', '1.e5', 'Infinity', '-0', '0x1F', ' 7 ', 'NaN', '1_000'),
  );

  it('reads every span exactly as parseNumber reads the substring', () => {
    fc.assert(
      fc.property(numberLike, fc.constantFrom(',', ';', '-', '5', 'e'), (s, around) => {
        const text = `${around}${s}${around}`;
        expect(Object.is(parseNumberSpan(text, 1, 1 + s.length), parseNumber(s)), JSON.stringify(s)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});

/** What a collector made of the records: the header, the kept cells, the errors, or the refusal. */
function collected(feed: (rows: RowCollector) => void): unknown {
  const rows = new RowCollector('The file', true, () => new ColumnBuilder('strings', new Set(), 0));
  try {
    feed(rows);
    const { header, builders, errors } = rows.finish(true);
    return { header, cells: builders.map((b) => b.cells()), errors };
  } catch (e) {
    return (e as Error).message;
  }
}

describe('the quote-free splitter', () => {
  const newlines: Newline[] = ['\n', '\r\n', '\r'];
  // Fields of characters that are sometimes the delimiter, sometimes not, and spaces for blank lines.
  const field = fc.stringMatching(/^[a-c1 ,;|\t\r\n]{0,4}$/).map((s) => s.replace(/[\r\n]/g, (c) => (c === '\r' ? '\r' : ' ')));

  it('splits quote-free text into the records Papa reads, also across a chunk boundary', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom(...newlines),
        fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.nat(),
        (delimiter, newline, records, finalBreak, cutSeed) => {
          let text = records.map((r) => r.join(delimiter)).join(newline) + (finalBreak ? newline : '');
          // A lone CR in a CR-separated file would be a line break, and so is an LF after it in a CRLF file.
          if (newline !== '\n') text = text.replace(/\r(?!\n)/g, ' ');
          const dialect: Dialect = { delimiter, newline, quoteChar: '"', escapeChar: '"', header: true };
          const papa = collected((rows) => {
            const { data } = new Papa.Parser({ delimiter, newline, fastMode: false }).parse(text, 0, false) as { data: string[][] };
            for (const record of data) rows.addRecord(record);
          });
          const cut = cutSeed % (text.length + 1);
          const ours = collected((rows) => {
            const head = text.slice(0, cut);
            const rest = head.slice(splitPlain(head, 0, dialect, false, rows));
            splitPlain(rest + text.slice(cut), 0, dialect, true, rows);
          });
          expect(ours).toEqual(papa);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('typing cell by cell', () => {
  /** A column drawn from one pool, so that most columns have a kind; `tail` puts a cell of another pool at the end. */
  const pools = {
    numbers: fc.oneof(fc.integer({ min: -999, max: 9999 }).map(String), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toFixed(3))),
    dates: fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    categories: fc.constantFrom('red', 'green', 'blue', 'Yes', 'NA', 'none'),
    booleans: fc.constantFrom('yes', 'no', 'YES'),
    words: fc.stringMatching(/^[a-z]{1,6}$/),
    missing: fc.constantFrom('', ' ', ...TYPED_MISSING_TOKENS),
  };
  type Pool = keyof typeof pools;
  const poolNames = Object.keys(pools) as Pool[];

  const column = (rows: number) =>
    fc
      .record({ main: fc.constantFrom(...poolNames), other: fc.constantFrom(...poolNames), missingShare: fc.double({ min: 0, max: 1, noNaN: true }) })
      .chain(({ main, other, missingShare }) =>
        fc.array(
          fc.double({ min: 0, max: 1, noNaN: true }).chain((u) => (u < missingShare * 0.5 ? pools.missing : u > 0.97 ? pools[other] : pools[main])),
          { minLength: rows, maxLength: rows },
        ),
      );

  it('gives the table tableFromStrings gives for the same strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }).chain((rows) => fc.array(column(rows), { minLength: 1, maxLength: 5 })),
        fc.option(fc.constantFrom(['NA'], ['?', '-'], [] as string[]), { nil: undefined }),
        async (columns, missingTokens) => {
          // A row number first, so that no line is blank (blank lines are skipped, not rows).
          const names = ['row', ...columns.map((_, c) => `c${c}`)];
          const lines = [names.join(','), ...columns[0].map((_, r) => [r, ...columns.map((col) => col[r])].join(','))];
          const text = lines.join('\n') + '\n';
          const raw = await parseCsvStrings(text, { dialect: { header: true }, missingTokens });
          const ours = await parseCsv(text, { dialect: { header: true }, missingTokens });
          const reference = tableFromStrings(raw.header, raw.columns, missingTokens);
          expect(ours.table).toEqual({ ...reference.table, sourceLines: raw.sourceLines });
          expect(ours.missingTokens).toEqual(reference.missingTokens);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a numeric column whose text comes after several chunks (a second pass) and a column of many distinct words', async () => {
    const lines = ['n,late,words,date'];
    for (let i = 0, length = 0; length < 3 * CHUNK_BYTES; i++) {
      length += lines[lines.push(`${i},${i % 7 === 0 ? 'NA' : i * 0.5},w${i % 3000},2024-01-${String(1 + (i % 28)).padStart(2, '0')}`) - 1].length + 1;
    }
    lines.push('1,n/a — unknown,w1,');
    const text = lines.join('\n') + '\n';
    const raw = await parseCsvStrings(text);
    const ours = await parseCsv(text);
    expect(ours.table.columns.map((c) => c.kind)).toEqual(['numeric', 'text', 'categorical', 'date']);
    expect(ours.table).toEqual({ ...tableFromStrings(raw.header, raw.columns).table, sourceLines: raw.sourceLines });
    // NA stood only in the column that turned out text, where it is a value.
    expect(ours.missingTokens).toEqual([]);
  });

  it('reads a quote-free CRLF file whose chunk boundary falls between CR and LF', async () => {
    let text = 'id,text\r\n';
    let rows = 0;
    while (text.length < CHUNK_BYTES - 20) text += `${rows++},plain\r\n`;
    const pad = 'x'.repeat(CHUNK_BYTES - 1 - text.length - `${rows},`.length);
    text += `${rows++},${pad}\r\n`;
    expect([text[CHUNK_BYTES - 1], text[CHUNK_BYTES]]).toEqual(['\r', '\n']);
    for (let i = 0; i < 100; i++) text += `${rows++},plain\r\n`;
    const raw = await parseCsvStrings(text);
    expect(raw.errors).toEqual([]);
    expect(raw.columns[0]).toEqual(Array.from({ length: rows }, (_, i) => String(i)));
    expect(raw.columns[1].filter((v) => v !== 'plain')).toEqual([pad]);
  });

  it('types every shared dataset and csv-edge-cases file as tableFromStrings does', async () => {
    const edge = new URL('csv-edge-cases/csvs/', datasets);
    const files = [
      ...readdirSync(datasets).filter((f) => f.endsWith('.csv')).map((f) => new URL(f, datasets)),
      ...readdirSync(edge).filter((f) => f.endsWith('.csv')).map((f) => new URL(f, edge)),
    ];
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const raw = await parseCsvStrings(bytes);
      const ours = await parseCsv(bytes);
      const reference = tableFromStrings(raw.header, raw.columns);
      expect(ours.table, file.pathname).toEqual({ ...reference.table, sourceLines: raw.sourceLines });
      expect(ours.missingTokens).toEqual(reference.missingTokens);
    }
  });
});
