/**
 * Column kinds from raw strings, and the typed columns built from them. A column is, in order of
 * preference: numeric, date, boolean, categorical, text (see inferColumn). Missing cells:
 * - empty (or blank) cells, always;
 * - in numeric and date columns also the tokens in TYPED_MISSING_TOKENS, since a number column
 *   cannot hold "NA" as a value;
 * - in the other columns, only those of these tokens that the same file uses as missing markers in
 *   its numeric or date columns: penguins.csv writes NA for missing numbers, so NA in its `sex`
 *   column is missing too, while "?" in a file that never uses it for numbers stays a category.
 */
import type { CategoricalColumn, Column, DateColumn, NumericColumn, Table, TextColumn } from './table';

export const TYPED_MISSING_TOKENS: readonly string[] = ['NA', 'N/A', 'n/a', 'NaN', 'null', '?', '-'];
const TYPED_MISSING: ReadonlySet<string> = new Set(TYPED_MISSING_TOKENS);

/** A column with at most this many distinct values is categorical, whatever its length. */
export const MAX_CATEGORIES = 50;
/** ...and so is one whose distinct values are at most this share of its non-missing cells. */
export const MAX_CATEGORY_SHARE = 0.5;

export function isBlank(s: string): boolean {
  return s.trim() === '';
}

/** The value of a plain decimal number ("-1.5", "2e3", " 7 "), NaN for anything else. */
export function parseNumber(s: string): number {
  const n = +s;
  if (n !== n || n === Infinity || n === -Infinity) return NaN;
  // +'' and +'  ' are 0.
  if (n === 0 && isBlank(s)) return NaN;
  // + also reads 0x1F, 0o17 and 0b101: in data those are codes, not numbers.
  if (s.charCodeAt(0) === 48 && s.length > 2) {
    const c = s.charCodeAt(1) | 32;
    if (c === 120 || c === 111 || c === 98) return NaN;
  }
  return n;
}

const DATE =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Epoch milliseconds (UTC) of an ISO-like date or date-time: 2024-01-31, 2024/01/31,
 * 2024-01-31T10:00, 2024-01-31 10:00:00.250+02:00. Without a zone the time is taken as UTC.
 * NaN for anything else, including impossible dates such as 2024-02-30.
 */
export function parseDate(s: string): number {
  if (s.length === 10) {
    const plain = plainIsoDate(s, 0);
    if (plain !== null) return plain;
  }
  const m = DATE.exec(s);
  if (m === null) return NaN;
  const [, y, , mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const year = +y;
  const month = +mo;
  const day = +d;
  if (month < 1 || month > 12 || day < 1 || day > 31 || +h > 23 || +mi > 59 || +sec > 59) return NaN;
  const date = new Date(Date.UTC(year, month - 1, day, +h, +mi, +sec, +frac.slice(0, 3).padEnd(3, '0')));
  // Date.UTC maps years 0-99 to 1900-1999.
  if (year < 100) date.setUTCFullYear(year);
  // Date.UTC rolls 2024-02-30 over to March.
  if (date.getUTCDate() !== day) return NaN;
  return date.getTime() - zoneOffsetMs(zone);
}

const DAY_MS = 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/**
 * The common YYYY-MM-DD without the regular expression or a Date object: a date column is a
 * million of these, and this path is several times faster. NaN for an impossible date; null when
 * the 10 characters of `s` from `at` are not of that exact shape (the general parser decides then).
 * `at`: where the date starts, so that a CSV reader can read it in place.
 */
export function plainIsoDate(s: string, at: number): number | null {
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return null;
  const year = digit(s, at) * 1000 + digit(s, at + 1) * 100 + digit(s, at + 2) * 10 + digit(s, at + 3);
  const month = digit(s, at + 5) * 10 + digit(s, at + 6);
  const day = digit(s, at + 8) * 10 + digit(s, at + 9);
  if (Number.isNaN(year + month + day)) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0)) return NaN;
  return daysFromCivil(year, month, day) * DAY_MS;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = +digits.slice(1, 3) * 60 + +(digits.slice(3, 5) || '0');
  return (zone[0] === '-' ? -minutes : minutes) * 60_000;
}

/**
 * Values parsed with `parse` (NaN where missing), or null when a cell is neither a value nor
 * missing. Missing tokens met are added to `tokensUsed`, but only when the column qualifies.
 * `missing`: the tokens that count as missing here (TYPED_MISSING_TOKENS unless the user edited them).
 */
function typedValues(
  raw: readonly string[],
  parse: (s: string) => number,
  tokensUsed: Set<string>,
  missing: ReadonlySet<string>,
): Float64Array | null {
  const values = new Float64Array(raw.length);
  const tokens = new Set<string>();
  let found = 0;
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i];
    const v = parse(s);
    values[i] = v;
    if (v === v) found++;
    else if (missing.has(s)) tokens.add(s);
    else if (!isBlank(s)) return null;
  }
  if (found === 0) return null;
  for (const t of tokens) tokensUsed.add(t);
  return values;
}

export function numericColumn(name: string, raw: readonly string[], tokensUsed: Set<string>, missing = TYPED_MISSING): NumericColumn | null {
  const values = typedValues(raw, parseNumber, tokensUsed, missing);
  return values && { name, kind: 'numeric', values };
}

export function dateColumn(name: string, raw: readonly string[], tokensUsed: Set<string>, missing = TYPED_MISSING): DateColumn | null {
  const values = typedValues(raw, parseDate, tokensUsed, missing);
  return values && { name, kind: 'date', values };
}

/** Lower-cased boolean words: [pair, truth]. Pairs keep "yes" from matching "f". 0/1 are not here: they stay numeric. */
const BOOLEAN_WORDS = new Map<string, readonly [number, boolean]>([
  ['true', [0, true]], ['false', [0, false]],
  ['yes', [1, true]], ['no', [1, false]],
  ['t', [2, true]], ['f', [2, false]],
  ['y', [3, true]], ['n', [3, false]],
]);
const OPPOSITES = new Map([['true', 'false'], ['yes', 'no'], ['t', 'f'], ['y', 'n']].flatMap(([a, b]) => [[a, b], [b, a]]));

/** `word` spelt in the case of `like`: TRUE → FALSE, Yes → No, y → n. */
function inCaseOf(word: string, like: string): string {
  if (like.length > 1 && like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] === like[0].toUpperCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/**
 * [false spelling, true spelling] when `values` (the distinct non-missing cells) are one or two
 * words of one boolean pair, else null. A column holding only "Yes" still gets "No" as its second
 * category, so that code 0 always means false and code 1 true.
 */
export function booleanCategories(values: readonly string[]): [string, string] | null {
  if (values.length === 0 || values.length > 2) return null;
  const words = values.map((v) => BOOLEAN_WORDS.get(v.toLowerCase()));
  const [a, b] = words;
  if (a === undefined || (values.length === 2 && (b === undefined || b[0] !== a[0] || b[1] === a[1]))) return null;
  if (values.length === 1) {
    const opposite = inCaseOf(OPPOSITES.get(values[0].toLowerCase()) as string, values[0]);
    return a[1] ? [opposite, values[0]] : [values[0], opposite];
  }
  return a[1] ? [values[1], values[0]] : [values[0], values[1]];
}

/**
 * A boolean, categorical or text column. Categories are sorted by code unit (the same order on
 * every machine, unlike localeCompare), except boolean ones: false first.
 */
export function codedColumn(name: string, raw: readonly string[], missing: ReadonlySet<string>): CategoricalColumn | TextColumn {
  const n = raw.length;
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  // Distinct cells in order of first appearance; a provisional code is an index into these.
  const distinct: string[] = [];
  let present = 0;
  for (let i = 0; i < n; i++) {
    const s = raw[i];
    let code = index.get(s);
    if (code === undefined) {
      code = distinct.push(s) - 1;
      index.set(s, code);
      // More distinct values than half of all cells: text whatever the rest holds. Stop building the map.
      if (!isMissingCell(s, missing) && ++present > MAX_CATEGORIES && present > MAX_CATEGORY_SHARE * n) {
        return { name, kind: 'text', values: raw.map((v) => (isMissingCell(v, missing) ? null : v)) };
      }
    }
    codes[i] = code;
  }
  return columnFromCodes(name, codes, distinct, missing);
}

function isMissingCell(s: string, missing: ReadonlySet<string>): boolean {
  return missing.has(s) || isBlank(s);
}

/**
 * codedColumn's decision, from provisional codes (indices into `distinct`, the cells in order of
 * first appearance) as a streaming reader collects them. Reuses `codes` for the final codes.
 */
export function columnFromCodes(name: string, codes: Int32Array, distinct: readonly string[], missing: ReadonlySet<string>): CategoricalColumn | TextColumn {
  const n = codes.length;
  const isMissing = distinct.map((s) => isMissingCell(s, missing));
  let present = 0;
  for (const absent of isMissing) if (!absent) present++;
  let nonMissing = 0;
  for (let i = 0; i < n; i++) if (!isMissing[codes[i]]) nonMissing++;
  if (present > MAX_CATEGORIES && present > MAX_CATEGORY_SHARE * nonMissing) {
    const values: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = isMissing[codes[i]] ? null : distinct[codes[i]];
    return { name, kind: 'text', values };
  }
  const values = distinct.filter((_, code) => !isMissing[code]);
  const bool = booleanCategories(values);
  const categories = bool ?? values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const finalCode = new Map(categories.map((c, i) => [c, i]));
  const remap = Int32Array.from(distinct, (s, code) => (isMissing[code] ? -1 : (finalCode.get(s) as number)));
  for (let i = 0; i < n; i++) codes[i] = remap[codes[i]];
  return { name, kind: bool ? 'boolean' : 'categorical', codes, categories };
}

/**
 * Typed columns for a whole file. Numeric and date columns are decided first because they decide
 * which tokens count as missing in the others. Returns those tokens in `missingTokens`, in the
 * order of `missingTokens` given (the tokens that may mark a missing number or date).
 */
export function tableFromStrings(
  names: readonly string[],
  raw: readonly (readonly string[])[],
  missingTokens: readonly string[] = TYPED_MISSING_TOKENS,
): { table: Table; missingTokens: string[] } {
  const missing = new Set(missingTokens);
  const tokensUsed = new Set<string>();
  const typed = names.map((name, c) => numericColumn(name, raw[c], tokensUsed, missing) ?? dateColumn(name, raw[c], tokensUsed, missing));
  const columns: Column[] = names.map((name, c) => typed[c] ?? codedColumn(name, raw[c], tokensUsed));
  return {
    table: { rowCount: raw.length > 0 ? raw[0].length : 0, columns },
    missingTokens: missingTokens.filter((t) => tokensUsed.has(t)),
  };
}
