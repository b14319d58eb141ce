/**
 * Each column's role, inferred from what the profile already computes (profile/column.ts: counts,
 * the inferred type and its reason; quality/leakage.ts: one-column held-out scores), plus the
 * two things the profile does not know: dates written as text (table/date-formats.ts) and names.
 * Rules, in order, for every column but the target:
 *  - no value, or one value only: constant (left out);
 *  - ISO dates, or text / eight-digit numbers that read as dates in one format: date;
 *  - numbers: an identifier when every value is distinct and they count rows (consecutive, or
 *    increasing down the file) or the name says id; else numeric;
 *  - text in a numeric-looking column with a few stray cells: numeric (the strays become missing);
 *  - several words per value: free text, left out when it is long prose with every row its own;
 *  - distinct single tokens in nearly every row: identifier (left out);
 *  - more than HIGH_CARDINALITY categories (or too many to read as categories): high-cardinality;
 *  - else category.
 * A column that alone predicts the target on held-out rows (leakage.ts) or is named after it
 * (`<target>_id`) is marked as a suspected leak: warned, not left out.
 * Tables past ROLE_SAMPLE_ROWS rows are judged on evenly spaced rows: roles are decided before
 * every proposal of a pipeline, and a million rows say no more about a column's role than 100,000.
 */
import { describeColumn } from '../profile/column';
import type { ColumnDetail } from '../profile/types';
import { LEAKAGE_THRESHOLD, leakageScores } from '../quality/leakage';
import { HIGH_CARDINALITY } from '../quality/warnings';
import { DATE_FORMAT_EXAMPLES, detectDateFormat, type DateFormat } from '../table/date-formats';
import { inferTask } from '../table/profile';
import { takeRows, type Column, type Table } from '../table/table';
import type { ColumnRole } from './roles';

export const ROLE_SAMPLE_ROWS = 100_000;
/** Free text with at least this share of distinct values and this mean length is long prose: left out. */
export const PROSE_UNIQUE_SHARE = 0.95;
export const PROSE_MEAN_LENGTH = 200;
/** A text column whose values hold several words in at least this share is free text (as profile/infer.ts says). */
const FREE_TEXT_SHARE = 0.5;

/** id, ID, uuid, guid, index, key, row_id, customer_id, "user id", id_customer, in any case… */
const ID_NAME = /^(id|uuid|guid|index|key|row|row_?(id|num|number))$|[_\s.-](id|uuid|guid|key)$|^id[_\s.-]/i;
/** …and PassengerId, userID: case matters here, or "paid" and "valid" would be ids. */
const CAMEL_ID = /[a-z](Id|ID)$/;
/** `<target>_id`, `<target> code`, `<target>Label` …: a column named after the target. */
const LEAK_SUFFIXES = ['id', 'code', 'label', 'class', 'name', 'value', 'num', 'number', 'encoded', 'idx'];

const pct = (x: number) => `${Math.round(100 * x)}%`;
const count = (n: number) => n.toLocaleString('en');

function evenlySpaced(rows: number, take: number): Int32Array {
  const stride = rows / take;
  return Int32Array.from({ length: take }, (_, i) => Math.floor(i * stride));
}

function looksLikeIdName(name: string): boolean {
  return ID_NAME.test(name.trim()) || CAMEL_ID.test(name.trim());
}

function namedAfterTarget(name: string, target: string): boolean {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const n = squash(name);
  const t = squash(target);
  return t.length > 0 && n !== t && n.startsWith(t) && LEAK_SUFFIXES.includes(n.slice(t.length));
}

/** The distinct present values as text, for date detection. */
function distinctTexts(column: Column): string[] {
  switch (column.kind) {
    case 'categorical':
    case 'boolean':
      return [...column.categories];
    case 'text':
      return [...new Set(column.values.filter((v): v is string => v !== null))];
    case 'numeric':
    case 'date':
      return [...new Set(Array.from(column.values).filter((v) => v === v).map(String))];
  }
}

/** Dates written as text, or as eight-digit whole numbers (20230115). */
function textDates(column: Column, detail: ColumnDetail): { format: DateFormat; reason: string } | null {
  if (column.kind === 'numeric' && !(detail.stats?.integer && detail.stats.min >= 1e7 && detail.stats.max < 1e8)) return null;
  if (column.kind !== 'numeric' && column.kind !== 'categorical' && column.kind !== 'text') return null;
  const found = detectDateFormat(distinctTexts(column));
  if (!found) return null;
  const share = found.parsed === found.examined ? 'every value' : `${pct(found.parsed / found.examined)} of the distinct values`;
  const ambiguity = found.ambiguous ? '; no day is above 12, so month-first was assumed: choose the format in the Date parts step if they are day-first' : '';
  return { format: found.format, reason: `${share} read as dates written like ${DATE_FORMAT_EXAMPLES[found.format]}${ambiguity}` };
}

const WHITESPACE = /\s/;

/** A text column's share of values holding several words, and their mean length in characters. */
function textShape(values: readonly (string | null)[]): { spaced: number; meanLength: number } {
  let spaced = 0;
  let length = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    n++;
    length += v.length;
    if (WHITESPACE.test(v.trim())) spaced++;
  }
  return { spaced: n > 0 ? spaced / n : 0, meanLength: n > 0 ? length / n : 0 };
}

type Inferred = Omit<ColumnRole, 'name' | 'kind' | 'leak'>;

function constantRole(detail: ColumnDetail): Inferred | null {
  if (detail.count === 0) return { role: 'constant', reason: 'every cell is missing' };
  if (detail.distinct > 1) return null;
  const value = detail.top?.[0]?.value ?? (detail.stats ? String(detail.stats.min) : '');
  return { role: 'constant', reason: `every present cell holds "${value}"` };
}

function numericRole(detail: ColumnDetail, name: string): Inferred {
  const { inferred } = detail;
  if (inferred.type === 'identifier') return { role: 'identifier', reason: inferred.reason };
  if (detail.stats?.integer && detail.distinct === detail.count && detail.count > 1 && looksLikeIdName(name)) {
    return { role: 'identifier', reason: `named like an id, and every value is distinct` };
  }
  if (inferred.suggestKind === 'categorical') return { role: 'numeric', reason: `${inferred.reason}; used as numbers (choose Category if they are codes)` };
  return { role: 'numeric', reason: inferred.reason };
}

function stringRole(column: Column, detail: ColumnDetail): Inferred {
  const { inferred, distinct, count: present } = detail;
  if (inferred.type === 'integer' || inferred.type === 'continuous') return { role: 'numeric', reason: `${inferred.reason}; read as numbers, that text as missing` };
  const shape = column.kind === 'text' ? textShape(column.values) : null;
  if (shape && shape.spaced >= FREE_TEXT_SHARE) {
    if (distinct >= PROSE_UNIQUE_SHARE * present && shape.meanLength >= PROSE_MEAN_LENGTH) {
      return { role: 'ignore', reason: `long prose, nearly every row its own (${Math.round(shape.meanLength)} characters on average): a bag of its most frequent words says little here; choose Free text to use it` };
    }
    return { role: 'text', reason: `${pct(shape.spaced)} of the values hold several words: free text, its most frequent words become TF-IDF features` };
  }
  if (inferred.type === 'identifier') return { role: 'identifier', reason: inferred.reason };
  if (distinct > HIGH_CARDINALITY) return { role: 'high_cardinality', reason: `${count(distinct)} categories (more than ${HIGH_CARDINALITY}): one-hot encoding would add a column for each` };
  return { role: 'category', reason: inferred.reason };
}

function inferOne(column: Column, detail: ColumnDetail): Inferred {
  const constant = constantRole(detail);
  if (constant) return constant;
  if (column.kind === 'date') return { role: 'date', reason: 'ISO dates' };
  const dates = textDates(column, detail);
  if (dates) return { role: 'date', dateFormat: dates.format, reason: dates.reason };
  if (column.kind === 'numeric') return numericRole(detail, column.name);
  if (column.kind === 'boolean') return { role: 'category', reason: detail.inferred.reason };
  return stringRole(column, detail);
}

/** Why each column is suspected of leaking the target: a perfect one-column score, or its name. */
function leaks(table: Table, details: readonly ColumnDetail[], target: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const column of table.columns) {
    if (column.name !== target && namedAfterTarget(column.name, target)) out.set(column.name, `named after the target "${target}"`);
  }
  const targetColumn = table.columns.find((c) => c.name === target);
  let task: 'classification' | 'regression';
  try {
    if (!targetColumn) return out;
    task = inferTask(targetColumn);
  } catch {
    return out;
  }
  for (const leak of leakageScores(table, details, target, task)) {
    if (leak.score < LEAKAGE_THRESHOLD) break;
    const said = out.get(leak.column);
    const score = `alone predicts "${target}" with ${leak.metric} ${leak.score.toFixed(3)} on held-out rows`;
    out.set(leak.column, said ? `${said}, and ${score}` : score);
  }
  return out;
}

/** The role of every column but the target, in table order. */
export function inferRoles(table: Table, target: string): ColumnRole[] {
  const sample = table.rowCount > ROLE_SAMPLE_ROWS ? takeRows(table, evenlySpaced(table.rowCount, ROLE_SAMPLE_ROWS)) : table;
  const details = sample.columns.map(describeColumn);
  const suspects = leaks(sample, details, target);
  const roles: ColumnRole[] = [];
  sample.columns.forEach((column, i) => {
    if (column.name === target) return;
    const inferred = inferOne(column, details[i]);
    const leak = suspects.get(column.name);
    roles.push({ name: column.name, kind: column.kind, ...inferred, ...(leak && inferred.role !== 'constant' && inferred.role !== 'identifier' ? { leak } : {}) });
  });
  return roles;
}
