/**
 * How a file is written — quote and escape characters, line ending, delimiter, whether the first
 * row is a header — decided once from its start, each unless the user set it. Papa would guess the
 * delimiter and line ending on every parse call, and from a first chunk that may end mid-line
 * (PapaParse #1132); deciding them here, from whole lines, lets every chunk be parsed alike.
 */
import Papa from 'papaparse';
import { isBlank, parseDate, parseNumber } from '../table/kinds';
import { CsvError } from './errors';

export type Newline = '\n' | '\r\n' | '\r';

export interface Dialect {
  delimiter: string;
  quoteChar: string;
  /** The character that escapes a quote inside a quoted field; the quote itself when quotes are doubled (""). */
  escapeChar: string;
  /** Whether the first row names the columns (else they are called column_1, column_2, …). */
  header: boolean;
  newline: Newline;
}

/** What the user chose instead of detection. */
export interface DialectOverrides {
  delimiter?: string;
  quoteChar?: string;
  escapeChar?: string;
  header?: boolean;
}

export const DELIMITERS: readonly string[] = [',', ';', '\t', '|'];
/** The guesses need only the first lines. */
const SAMPLE_CHARS = 64 * 1024;
/** Records the header guess compares the first row with. */
const HEADER_SAMPLE_ROWS = 50;

/**
 * The line ending that ends the first record (quoted line breaks skipped), or null when the text
 * so far cannot tell: no line break yet, or a trailing CR whose LF may be in the next chunk.
 * `complete`: `text` is the whole file.
 */
export function detectNewline(text: string, complete: boolean, quoteChar = '"', escapeChar = quoteChar): Newline | null {
  const quote = quoteChar.charCodeAt(0);
  const escape = escapeChar === quoteChar ? -1 : escapeChar.charCodeAt(0);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === escape && quoted) i++;
    else if (c === quote) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 10) return '\n';
    else if (c === 13) {
      if (i + 1 === text.length) return complete ? '\r' : null;
      return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
    }
  }
  return null;
}

/** The start of `text` up to its last complete line (all of it when there is no line break). */
function wholeLines(text: string, newline: Newline): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  // A cut-off last line has too few fields and would count against the right delimiter.
  const lastBreak = sample.lastIndexOf(newline);
  return lastBreak > 0 ? sample.slice(0, lastBreak) : sample;
}

/** The delimiter among DELIMITERS that splits the first lines most consistently; ',' when none does. */
export function detectDelimiter(text: string, newline: Newline): string {
  const { meta } = Papa.parse<string[]>(wholeLines(text, newline), {
    newline,
    delimitersToGuess: [...DELIMITERS],
    preview: 10,
    skipEmptyLines: true,
  });
  return meta.delimiter;
}

/**
 * '"', unless the file has none and wraps fields in single quotes instead ('a,b','c'): at least two
 * fields that open right after a delimiter or line break and close right before one.
 */
export function detectQuote(text: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (sample.includes('"')) return '"';
  const singles = sample.match(/(?:^|[,;\t|\r\n])'(?:[^'\r\n]|'')*'(?=[,;\t|\r\n]|$)/g);
  return singles !== null && singles.length >= 2 ? "'" : '"';
}

/** '\' when quotes inside quoted fields are written \" and never doubled; else the quote itself (""). */
export function detectEscape(text: string, quoteChar: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  return sample.includes(`\\${quoteChar}`) && !sample.includes(quoteChar + quoteChar) ? '\\' : quoteChar;
}

function valueKind(s: string): 'number' | 'date' | null {
  if (parseNumber(s) === parseNumber(s)) return 'number';
  return parseDate(s) === parseDate(s) ? 'date' : null;
}

/**
 * Whether the first of `records` is a header. It is not when one of its cells is a number or a date
 * in a column whose cells below are all numbers (or all dates) too: names are words. A header of
 * numbers over numbers (years as column names) reads as data; the user can say otherwise.
 */
export function detectHeader(records: readonly (readonly string[])[], missing: ReadonlySet<string>): boolean {
  const [first, ...rest] = records;
  const body = rest.filter((r) => r.length === first.length);
  if (body.length === 0) return true;
  return !first.some((cell, c) => {
    const kind = valueKind(cell);
    if (kind === null) return false;
    const below = body.map((r) => r[c]).filter((s) => !missing.has(s) && !isBlank(s));
    return below.length > 0 && below.every((s) => valueKind(s) === kind);
  });
}

function checkOverrides({ delimiter, quoteChar, escapeChar }: DialectOverrides): void {
  if (delimiter !== undefined && (delimiter === '' || /[\r\n]/.test(delimiter))) {
    throw new CsvError('The delimiter must be one or more characters other than a line break.');
  }
  for (const [what, char] of [['quote', quoteChar], ['escape', escapeChar]] as const) {
    if (char !== undefined && char.length !== 1) throw new CsvError(`The ${what} character must be exactly one character (got "${char}").`);
  }
  if (delimiter !== undefined && quoteChar !== undefined && delimiter.includes(quoteChar)) {
    throw new CsvError('The delimiter and the quote character must differ.');
  }
}

/**
 * The dialect of a file starting with `text`, or null while more text is needed to tell.
 * `missing`: the tokens that mark missing values, which the header guess must not take for words.
 */
export function detectDialect(text: string, complete: boolean, overrides: DialectOverrides, missing: ReadonlySet<string>): Dialect | null {
  checkOverrides(overrides);
  const quoteChar = overrides.quoteChar ?? detectQuote(text);
  const escapeChar = overrides.escapeChar ?? detectEscape(text, quoteChar);
  const newline = detectNewline(text, complete, quoteChar, escapeChar) ?? (complete ? '\n' : null);
  if (newline === null) return null;
  const delimiter = overrides.delimiter ?? detectDelimiter(text, newline);
  let header = overrides.header;
  if (header === undefined) {
    const { data } = Papa.parse<string[]>(wholeLines(text, newline), { delimiter, newline, quoteChar, escapeChar, preview: HEADER_SAMPLE_ROWS });
    const records = data.filter((r) => r.length > 1 || r[0].trim() !== '');
    header = records.length === 0 || detectHeader(records, missing);
  }
  return { delimiter, quoteChar, escapeChar, header, newline };
}
