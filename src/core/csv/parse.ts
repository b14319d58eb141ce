/**
 * CSV file → columnar Table (DESIGN.md §2, step 1). Streams the source chunk by chunk: text without
 * quote characters is split in place (split.ts), text with them goes through papaparse's core
 * parser; either way each cell goes straight into its column's builder (columns.ts), which types
 * it as it arrives, so a numeric column never exists as strings.
 */
import Papa from 'papaparse';
import { codedColumn, TYPED_MISSING_TOKENS } from '../table/kinds';
import type { Column, SourceLines, Table } from '../table/table';
import { ColumnBuilder } from './columns';
import { decodeSource } from './decode';
import { detectDialect, type Dialect, type DialectOverrides } from './dialect';
import { CsvError, describeSource, throwIfAborted } from './errors';
import { assertFitsInMemory } from './memory';
import { RowCollector, type CollectedRows, type ParseError } from './rows';
import { splitPlain } from './split';

export { CsvError } from './errors';
export type { ParseError } from './rows';
export type { DialectOverrides, Newline } from './dialect';

export interface ParseProgress {
  bytes: number;
  totalBytes: number;
  /** Data rows read so far, kept or not. */
  rows: number;
}

export interface ParseOptions {
  onProgress?: (p: ParseProgress) => void;
  /** Aborting rejects the parse with an error named 'AbortError'. */
  signal?: AbortSignal;
  /** What to use instead of detecting it. */
  dialect?: DialectOverrides;
  /**
   * The cells that mark a missing value in numeric and date columns (besides empty ones); default
   * TYPED_MISSING_TOKENS. In other columns only those the file uses so in its numeric or date
   * columns are missing (table/kinds.ts).
   */
  missingTokens?: readonly string[];
  /** Refuse files needing more memory than this (default: what the runtime reports; csv/memory.ts). */
  memoryLimitBytes?: number;
}

/** How the file was read: detected, or as the options said. */
export interface ParsedDialect extends Dialect {
  /** 'UTF-8', 'UTF-16LE', 'UTF-16BE' or 'windows-1252'. */
  encoding: string;
  /** Whether the file began with a byte-order mark. */
  bom: boolean;
}

/** The file as strings, before any typing: what the CSV says, cell for cell. */
export interface RawCsv {
  header: string[];
  /** One array per header column; row r of the table is index r of each. */
  columns: string[][];
  /** Rows left out of `columns`, by data-row index and file line. */
  errors: ParseError[];
  /** The file lines the rows of `columns` begin on. */
  sourceLines: SourceLines;
  delimiter: string;
  encoding: string;
  dialect: ParsedDialect;
  /** Size of the source in bytes (UTF-8 bytes for a string). */
  bytes: number;
}

export interface ParseResult {
  table: Table;
  errors: ParseError[];
  delimiter: string;
  encoding: string;
  dialect: ParsedDialect;
  bytes: number;
  /** Tokens read as missing beyond empty cells, e.g. ['NA'] (see table/kinds.ts). */
  missingTokens: string[];
}

/** The subset of Papa.Parser's untyped result this module reads. */
interface PapaChunk {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}

const QUOTE_PROBLEMS: Record<string, string> = {
  // Papa reads everything after an unclosed quote as one field, so this row ends the file.
  MissingQuotes: 'a quoted field is never closed (the rest of the file was read into it)',
  InvalidQuotes: 'a quoted field has characters after its closing quote',
};

/**
 * Add the complete records of `pending` (the unread rest of the previous chunk) followed by `text`
 * to `rows`; return the new unread rest (a record cut by the end of the chunk), to be prefixed to
 * the next chunk. With quotes this is how Papa's own ChunkStreamer drives Papa.Parser; driving it
 * here keeps decoding and dialect detection under our control.
 */
function readRecords(pending: string, text: string, dialect: Dialect, last: boolean, rows: RowCollector): string {
  const { delimiter, newline, quoteChar, escapeChar } = dialect;
  if (!text.includes(quoteChar) && !pending.includes(quoteChar)) {
    let from = 0;
    const lineEnd = pending === '' ? -1 : text.indexOf(newline);
    if (lineEnd !== -1) {
      // The cut record ends on the chunk's first line: read it on its own rather than copy the whole chunk after it.
      from = lineEnd + newline.length;
      splitPlain(pending + text.slice(0, from), 0, dialect, false, rows);
    } else if (pending !== '') {
      text = pending + text;
    }
    const cursor = splitPlain(text, from, dialect, last, rows);
    return cursor === text.length ? '' : text.slice(cursor);
  }
  text = pending + text;
  const parser = new Papa.Parser({ delimiter, newline, quoteChar, escapeChar });
  const chunk = parser.parse(text, 0, !last) as PapaChunk;
  const rejected = new Map<number, string>();
  for (const e of chunk.errors) {
    // An error on the cut-off record (row === data.length) comes back when that record is parsed whole.
    if (e.row !== undefined && e.row < chunk.data.length && !rejected.has(e.row)) {
      rejected.set(e.row, QUOTE_PROBLEMS[e.code] ?? e.code);
    }
  }
  // Every record read ends with a line break but the file's last one; any more are inside quoted
  // fields, and only then are the fields searched for them.
  const records = chunk.data.length;
  const inside = breaksIn(text, 0, last ? text.length : chunk.meta.cursor, newline) - (last ? records - 1 : records) > 0;
  // A quote never closed takes the file's final line break into its field: that break ends the file, not a line of the record.
  const endsFile = (i: number, field: string) => last && i === records - 1 && field.endsWith(newline) && text.endsWith(newline) && rejected.has(i);
  chunk.data.forEach((record, i) =>
    rows.addRecord(record, rejected.get(i), inside ? record.reduce((n, field) => n + breaksIn(field, 0, field.length, newline) - (endsFile(i, field) ? 1 : 0), 0) : 0),
  );
  return last ? '' : text.slice(chunk.meta.cursor);
}

/**
 * Line breaks in `text[from, to)` as an editor counts them: the file's line ending, and in a CRLF
 * file a bare LF too (spreadsheets write one for a line break inside a cell).
 */
function breaksIn(text: string, from: number, to: number, newline: string): number {
  const mark = newline === '\r' ? '\r' : '\n';
  let n = 0;
  for (let at = text.indexOf(mark, from); at !== -1 && at < to; at = text.indexOf(mark, at + 1)) n++;
  return n;
}

/**
 * Let the event loop run, so that a worker can receive the message that aborts this parse. A
 * message rather than setTimeout(0), which browsers stretch to 4 ms once timeouts nest.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    // addEventListener and start(), not onmessage: the one way both browsers' and Node's ports type and work alike.
    channel.port1.addEventListener(
      'message',
      () => {
        channel.port1.close();
        resolve();
      },
      { once: true },
    );
    channel.port1.start();
    channel.port2.postMessage(null);
  });
}

/** Rows the file probably holds, from the first chunk: room for the columns, allocated once. */
function expectedRows(text: string, textBytes: number, newline: string, totalBytes: number): number {
  const sample = text.slice(0, 256 * 1024);
  let lines = 0;
  for (let at = sample.indexOf(newline); at !== -1; at = sample.indexOf(newline, at + newline.length)) lines++;
  if (lines === 0) return 1024;
  const bytesPerLine = (sample.length / lines) * (textBytes / Math.max(1, text.length));
  return Math.min(Math.ceil((totalBytes / bytesPerLine) * 1.02) + 16, Math.ceil(totalBytes / 2) + 1);
}

interface ReadRows {
  rows: CollectedRows;
  dialect: ParsedDialect;
  bytes: number;
}

/**
 * One pass over the source: its cells go to the builders `builder(column, expectedRows)` makes.
 * `fixed`: the dialect to read with, as a second pass over the same source must.
 */
async function readRows(
  source: string | Uint8Array | Blob,
  options: ParseOptions,
  builder: (column: number, expectedRows: number) => ColumnBuilder,
  fixed?: Dialect,
): Promise<ReadRows> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const label = describeSource(source);
  const decoded = await decodeSource(source);
  assertFitsInMemory(decoded.totalBytes, label, options.memoryLimitBytes);
  const missing = new Set(options.missingTokens ?? TYPED_MISSING_TOKENS);
  let dialect: Dialect | null = fixed ?? null;
  let rows: RowCollector | null = null;
  let pending = '';
  let bytes = 0;
  let sawText = false;
  for await (const chunk of decoded.chunks) {
    throwIfAborted(signal);
    sawText ||= chunk.text.length > 0;
    bytes += chunk.bytes;
    let text = chunk.text;
    if (dialect === null) {
      // Until the dialect is known, the text gathers in `pending`.
      text = pending + text;
      pending = '';
      dialect = detectDialect(text, chunk.last, options.dialect ?? {}, missing);
      if (dialect === null) pending = text;
    }
    if (dialect !== null) {
      if (rows === null) {
        const capacity = expectedRows(text, bytes, dialect.newline, decoded.totalBytes);
        rows = new RowCollector(label, dialect.header, (c) => builder(c, capacity));
      }
      pending = readRecords(pending, text, dialect, chunk.last, rows);
    }
    onProgress?.({ bytes, totalBytes: decoded.totalBytes, rows: rows?.dataRows ?? 0 });
    if (!chunk.last) await yieldToEventLoop();
  }
  if (dialect === null || rows === null) throw new CsvError(`${label} is empty.`);
  return { rows: rows.finish(sawText), dialect: { ...dialect, encoding: decoded.encoding, bom: decoded.bom }, bytes };
}

/** Read a CSV into columns of strings, with the rows that could not be read listed in `errors`. */
export async function parseCsvStrings(source: string | Uint8Array | Blob, options: ParseOptions = {}): Promise<RawCsv> {
  const { rows, dialect, bytes } = await readRows(source, options, () => new ColumnBuilder('strings', new Set(), 0));
  const columns = rows.builders.map((b) => b.cells());
  return { header: rows.header, columns, errors: rows.errors, sourceLines: rows.sourceLines, delimiter: dialect.delimiter, encoding: dialect.encoding, dialect, bytes };
}

/** Read a CSV file into a typed Table. Throws CsvError when the file cannot be read as a table. */
export async function parseCsv(source: string | Uint8Array | Blob, options: ParseOptions = {}): Promise<ParseResult> {
  const missingTokens = options.missingTokens ?? TYPED_MISSING_TOKENS;
  const missing = new Set(missingTokens);
  const { rows, dialect, bytes } = await readRows(source, options, (_, capacity) => new ColumnBuilder('numeric', missing, capacity));
  const { header, builders, errors, sourceLines } = rows;

  // Columns that held numbers (or dates) and then text: their strings come from a second pass.
  const deferred = new Set(builders.flatMap((b, c) => (b.kind === 'deferred' ? [c] : [])));
  let strings: ColumnBuilder[] = [];
  if (deferred.size > 0) {
    const again = await readRows(source, { ...options, onProgress: undefined }, (c) => new ColumnBuilder(deferred.has(c) ? 'strings' : 'skip', missing, 0), dialect);
    strings = again.rows.builders;
  }
  throwIfAborted(options.signal);

  // As tableFromStrings: typed columns first, since the tokens they used are missing in the others too.
  const tokensUsed = new Set<string>();
  const typed = builders.map((b, c) => {
    const column = b.typed(header[c]);
    if (column) for (const t of b.tokens) tokensUsed.add(t);
    return column;
  });
  const columns: Column[] = header.map(
    (name, c) => typed[c] ?? (deferred.has(c) ? codedColumn(name, strings[c].cells(), tokensUsed) : builders[c].coded(name, tokensUsed)),
  );
  // Every column holds a cell of every kept row.
  const table: Table = { rowCount: builders[0].rows, columns, sourceLines };
  return { table, errors, delimiter: dialect.delimiter, encoding: dialect.encoding, dialect, bytes, missingTokens: missingTokens.filter((t) => tokensUsed.has(t)) };
}
