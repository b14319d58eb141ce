/**
 * Dates written as text in the common non-ISO ways: 15/01/2023 and 01/15/2023 (slashes, dashes or
 * dots; two- or four-digit years), Jan 15, 2023, 15 Jan 2023, 20230115, each optionally followed by
 * a time (10:30, 10:30:15, 10:30 PM). The reader (kinds.ts) only types ISO dates as dates; these
 * stay categories or text until a step parses them with the format `detectDateFormat` found.
 * Times without a zone are taken as UTC, as the reader takes ISO ones.
 */
import { parseDate } from './kinds';

export const DATE_FORMATS = ['iso', 'dmy', 'mdy', 'mon_d_y', 'd_mon_y', 'ymd_compact'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** How each format looks, for messages and the inspector. */
export const DATE_FORMAT_EXAMPLES: Record<DateFormat, string> = {
  iso: '2023-01-15 10:30',
  dmy: '15/01/2023 (day first)',
  mdy: '01/15/2023 (month first)',
  mon_d_y: 'Jan 15, 2023',
  d_mon_y: '15 Jan 2023',
  ymd_compact: '20230115',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1–12 for an English month name or its abbreviation (Sept too), NaN otherwise. */
function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const at = lower.length === 3 ? MONTHS.indexOf(lower) : lower === 'sept' ? 8 : FULL_MONTHS.indexOf(lower);
  return at < 0 ? NaN : at + 1;
}

/** Two-digit years as POSIX strptime's %y reads them: 69–99 are the 1900s, 00–68 the 2000s. */
function fullYear(text: string): number {
  const y = +text;
  if (text.length !== 2) return y;
  return y < 69 ? 2000 + y : 1900 + y;
}

/** Milliseconds into the day of "10:30", "10:30:15.5", "10:30 PM"; 0 for none; NaN when malformed. */
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?$/;

function timeOfDay(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const m = TIME.exec(text);
  if (m === null) return NaN;
  const [, h, mi, s = '0', frac = '', half] = m;
  let hour = +h;
  if (half) {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || +mi > 59 || +s > 59) return NaN;
  return ((hour * 60 + +mi) * 60 + +s) * 1000 + +frac.slice(0, 3).padEnd(3, '0');
}

/** Epoch milliseconds of a calendar date and time of day, NaN for an impossible date (2023-02-30). */
function civil(year: number, month: number, day: number, time: number): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31) || Number.isNaN(time)) return NaN;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 100) date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1) return NaN;
  return date.getTime() + time;
}

const NUMERIC_TRIPLE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]+(.+))?$/;
const MONTH_FIRST_NAME = /^([A-Za-z]{3,9})\.?[ -](\d{1,2})(?:st|nd|rd|th)?,?[ -](\d{4})(?:,?\s+(.+))?$/;
const DAY_FIRST_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]{3,9})\.?,?[ -](\d{4}|\d{2})(?:,?\s+(.+))?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** Eight digits read as a date only within these years, so that most eight-digit codes are not dates. */
const COMPACT_YEARS = [1800, 2200] as const;

/** Epoch milliseconds (UTC) of `text` written in `format`, NaN when it is not a date in that format. */
export function parseDateAs(text: string, format: DateFormat): number {
  const s = text.trim();
  switch (format) {
    case 'iso':
      return parseDate(s);
    case 'dmy':
    case 'mdy': {
      const m = NUMERIC_TRIPLE.exec(s);
      if (m === null) return NaN;
      const [first, second] = [+m[1], +m[3]];
      const [day, month] = format === 'dmy' ? [first, second] : [second, first];
      return civil(fullYear(m[4]), month, day, timeOfDay(m[5]));
    }
    case 'mon_d_y': {
      const m = MONTH_FIRST_NAME.exec(s);
      return m === null ? NaN : civil(+m[3], monthNumber(m[1]), +m[2], timeOfDay(m[4]));
    }
    case 'd_mon_y': {
      const m = DAY_FIRST_NAME.exec(s);
      return m === null ? NaN : civil(fullYear(m[3]), monthNumber(m[2]), +m[1], timeOfDay(m[4]));
    }
    case 'ymd_compact': {
      const m = COMPACT.exec(s);
      if (m === null || +m[1] < COMPACT_YEARS[0] || +m[1] > COMPACT_YEARS[1]) return NaN;
      return civil(+m[1], +m[2], +m[3], 0);
    }
  }
}

/** A format is taken when at least this share of the distinct values read as dates in it. */
export const DATE_SHARE = 0.95;
/** Detection looks at no more distinct values than this. */
const DETECT_LIMIT = 5000;

export interface DetectedDates {
  format: DateFormat;
  /** Distinct values examined, and how many of them read as dates in `format`. */
  examined: number;
  parsed: number;
  /** Day-first and month-first read every value alike (no day above 12): month-first was assumed. */
  ambiguous: boolean;
}

/**
 * The format most of `values` (distinct non-missing texts) are written in, or null when no format
 * reads at least DATE_SHARE of them. Day-first and month-first are told apart by the values: a
 * first number above 12 can only be a day, a second one only a day too; when no value says,
 * month-first is assumed (as pandas does) and the result says it was ambiguous.
 */
export function detectDateFormat(values: Iterable<string>): DetectedDates | null {
  const sample: string[] = [];
  for (const v of values) {
    if (sample.length >= DETECT_LIMIT) break;
    sample.push(v);
  }
  if (sample.length === 0) return null;
  const counts = DATE_FORMATS.map((format) => {
    let parsed = 0;
    for (const v of sample) if (!Number.isNaN(parseDateAs(v, format))) parsed++;
    return { format, parsed };
  });
  // Day-first and month-first are decided between themselves below, whichever of them came out best.
  const best = counts.reduce((a, b) => (b.parsed > a.parsed ? b : a));
  if (best.parsed < DATE_SHARE * sample.length) return null;
  const dmy = counts[DATE_FORMATS.indexOf('dmy')].parsed;
  const mdy = counts[DATE_FORMATS.indexOf('mdy')].parsed;
  const slashes = best.format === 'dmy' || best.format === 'mdy';
  const ambiguous = slashes && dmy === mdy;
  const format = slashes ? (dmy > mdy ? 'dmy' : 'mdy') : best.format;
  return { format, examined: sample.length, parsed: best.parsed, ambiguous };
}
