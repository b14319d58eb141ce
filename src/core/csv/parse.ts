/**
 * CSV file → columnar Table (DESIGN.md §2, step 1). Streams the source chunk by chunk through
 * papaparse's core parser, collects each column's raw strings, then converts them to typed columns
 * in one pass per column (table/kinds.ts): faster than Papa's per-cell typing, and the kind of a
 * column can only be decided once all of its values are known.
 */
import Papa from 'papaparse';
import { decodeSource } from './decode';
import { detectDialect, type Dialect } from './dialect';
import { describeSource, throwIfAborted } from './errors';
import { RowCollector, type ParseError } from './rows';
import { tableFromStrings } from '../table/kinds';
import type { Table } from '../table/table';

export { CsvError } from './errors';
export type { ParseError } from './rows';

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
}

/** The file as strings, before any typing: what the CSV says, cell for cell. */
export interface RawCsv {
  header: string[];
  /** One array per header column; row r of the table is index r of each. */
  columns: string[][];
  /** Rows left out of `columns`, by data-row index. */
  errors: ParseError[];
  delimiter: string;
  encoding: string;
  /** Size of the source in bytes (UTF-8 bytes for a string). */
  bytes: number;
}

export interface ParseResult {
  table: Table;
  errors: ParseError[];
  delimiter: string;
  encoding: string;
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
 * Parse the complete records in `text` into `rows`; return the unparsed rest (a record cut by the
 * end of the chunk), to be prefixed to the next chunk. This is how Papa's own ChunkStreamer drives
 * Papa.Parser; driving it here instead keeps decoding and dialect detection under our control.
 */
function parseRecords(text: string, dialect: Dialect, last: boolean, rows: RowCollector): string {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
  const chunk = parser.parse(text, 0, !last) as PapaChunk;
  const rejected = new Map<number, string>();
  for (const e of chunk.errors) {
    // An error on the cut-off record (row === data.length) comes back when that record is parsed whole.
    if (e.row !== undefined && e.row < chunk.data.length && !rejected.has(e.row)) {
      rejected.set(e.row, QUOTE_PROBLEMS[e.code] ?? e.code);
    }
  }
  rows.add(chunk.data, rejected);
  return last ? '' : text.slice(chunk.meta.cursor);
}

/** Let the event loop run, so that a worker can receive the message that aborts this parse. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Read a CSV into columns of strings, with the rows that could not be read listed in `errors`. */
export async function parseCsvStrings(source: string | Uint8Array | Blob, options: ParseOptions = {}): Promise<RawCsv> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const decoded = await decodeSource(source);
  const rows = new RowCollector(describeSource(source));
  let dialect: Dialect | null = null;
  let pending = '';
  let bytes = 0;
  let sawText = false;
  for await (const chunk of decoded.chunks) {
    throwIfAborted(signal);
    sawText ||= chunk.text.length > 0;
    pending += chunk.text;
    bytes += chunk.bytes;
    dialect ??= detectDialect(pending, chunk.last);
    if (dialect) pending = parseRecords(pending, dialect, chunk.last, rows);
    onProgress?.({ bytes, totalBytes: decoded.totalBytes, rows: rows.dataRows });
    if (!chunk.last) await yieldToEventLoop();
  }
  const { header, columns, errors } = rows.finish(sawText);
  return { header, columns, errors, delimiter: dialect?.delimiter ?? ',', encoding: decoded.encoding, bytes };
}

/** Read a CSV file into a typed Table. Throws CsvError when the file cannot be read as a table. */
export async function parseCsv(source: string | Uint8Array | Blob, options: ParseOptions = {}): Promise<ParseResult> {
  const raw = await parseCsvStrings(source, options);
  throwIfAborted(options.signal);
  const { table, missingTokens } = tableFromStrings(raw.header, raw.columns);
  return { table, errors: raw.errors, delimiter: raw.delimiter, encoding: raw.encoding, bytes: raw.bytes, missingTokens };
}
