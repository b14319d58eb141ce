/**
 * Which column a person most likely wants to predict, and why; and what predicting each column
 * would mean (classification of N classes, regression, or not a target at all). Used to pre-select
 * the answer to "What do you want to predict?" and by the CLI when --target is not given.
 *
 * Every column gets a score; the best wins. Columns that cannot or should not be targets score
 * nothing: dates, free text, identifiers (named like one, or every value distinct), constants.
 * Points, from the strongest:
 *  - the name: target, label, class, outcome, y (whole name) or a word of it such as churn,
 *    survived, price, diagnosis, fraud, default, response;
 *  - a categorical column with 2–30 classes (fewer points with missing values or more classes);
 *  - the last column, then the first (where tables put what they are about);
 *  - a number with few whole values (codes of classes) or many (a quantity).
 * Decided on at most SUGGEST_SAMPLE_ROWS evenly spaced rows: it runs on every load.
 */
import { countFloats } from '../profile/distinct';
import { inferTask, MAX_INTEGER_CLASSES } from './profile';
import { takeRows, type Column, type Table } from './table';

export const SUGGEST_SAMPLE_ROWS = 50_000;

export interface TargetSuggestion {
  target: string;
  /** Why, in words that follow "suggested: ". */
  reason: string;
  /** The dataset's own known target (a built-in sample's): no need to ask. */
  known: boolean;
}

/** What predicting a column means: its task (and classes), or why it cannot be a target. */
export interface TargetOption {
  name: string;
  task?: 'classification' | 'regression';
  /** Classification: how many classes. */
  classes?: number;
  /** Why it cannot be the target, in a few words: dates, free text, one value only. */
  unusable?: string;
}

/** Whole names that say "this is the target". */
const GENERIC = new Set(['target', 'label', 'class', 'outcome']);
/** Words of names that targets commonly have. */
const TARGET_WORDS = new Set(['target', 'label', 'class', 'outcome', 'churn', 'churned', 'survived', 'survival', 'price', 'diagnosis', 'fraud', 'default', 'response', 'result', 'defaulted', 'saleprice', 'sold', 'converted', 'clicked', 'attrition']);
const ID_WORDS = new Set(['id', 'uuid', 'guid', 'index', 'key']);

const SCORE = {
  genericName: 100,
  targetWord: 90,
  y: 70,
  wordInName: 50,
  fewClasses: 30,
  fewClassesMissing: 20,
  manyClasses: 10,
  last: 15,
  first: 8,
  numericCodes: 10,
  quantity: 5,
} as const;
const MAX_FEW_CLASSES = 30;
const MAX_MANY_CLASSES = 100;

/** "SalePrice" → sale, price, saleprice; "is_fraud" → is, fraud; "Churn Label" → churn, label. */
function words(name: string): string[] {
  const parts = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return [...parts, parts.join('')];
}

interface Facts {
  present: number;
  missing: number;
  distinct: number;
  integer: boolean;
  increasing: boolean;
}

function facts(column: Column, rows: number): Facts {
  switch (column.kind) {
    case 'numeric':
    case 'date': {
      const { missing, distinct } = countFloats(column.values, 0, rows);
      let integer = true;
      let increasing = true;
      let previous = -Infinity;
      for (const v of column.values) {
        if (v !== v) continue;
        if (integer && !Number.isInteger(v)) integer = false;
        if (v <= previous) increasing = false;
        previous = v;
      }
      return { present: rows - missing, missing, distinct, integer, increasing };
    }
    case 'categorical':
    case 'boolean': {
      const used = new Uint8Array(column.categories.length);
      let missing = 0;
      for (const code of column.codes) {
        if (code < 0) missing++;
        else used[code] = 1;
      }
      return { present: rows - missing, missing, distinct: used.reduce((a, b) => a + b, 0), integer: false, increasing: false };
    }
    case 'text': {
      const seen = new Set<string>();
      let missing = 0;
      for (const v of column.values) {
        if (v === null) missing++;
        else seen.add(v);
      }
      return { present: rows - missing, missing, distinct: seen.size, integer: false, increasing: false };
    }
  }
}

interface Scored {
  name: string;
  score: number;
  because: string;
}

/** A column's score and the main reason for it; null when it should not be a target. */
function score(column: Column, f: Facts, at: number, of: number): Scored | null {
  const name = column.name;
  const nameWords = words(name);
  const idLike = nameWords.some((w) => ID_WORDS.has(w)) || /[a-z]Id$/.test(name);
  if (column.kind === 'date' || column.kind === 'text' || f.distinct <= 1) return null;
  if (idLike && f.distinct >= 0.5 * f.present) return null;
  if (column.kind === 'numeric' && f.integer && f.distinct === f.present && f.increasing && f.present > 2) return null;
  let points = 0;
  let because = '';
  const lower = name.trim().toLowerCase();
  if (GENERIC.has(lower)) [points, because] = [SCORE.genericName, 'a column named like a label'];
  else if (TARGET_WORDS.has(lower)) [points, because] = [SCORE.targetWord, `a column named "${name}", as targets often are`];
  else if (lower === 'y') [points, because] = [SCORE.y, 'a column named y'];
  else if (nameWords.some((w) => TARGET_WORDS.has(w))) [points, because] = [SCORE.wordInName, `its name says "${nameWords.find((w) => TARGET_WORDS.has(w))}"`];
  const position = at === of - 1 ? 'the last column' : at === 0 ? 'the first column' : '';
  let what: string;
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    const few = f.distinct <= MAX_FEW_CLASSES;
    if (few) points += f.missing === 0 ? SCORE.fewClasses : SCORE.fewClassesMissing;
    else if (f.distinct <= MAX_MANY_CLASSES) points += SCORE.manyClasses;
    else return null;
    what = `a categorical column with ${f.distinct} classes`;
  } else {
    const codes = f.integer && f.distinct <= MAX_INTEGER_CLASSES;
    points += codes ? SCORE.numericCodes : SCORE.quantity;
    what = codes ? `a number with ${f.distinct} whole values (classes)` : 'a number (regression)';
  }
  if (at === of - 1) points += SCORE.last;
  else if (at === 0) points += SCORE.first;
  if (!because) because = position ? `${what}, ${position}` : what;
  return { name, score: points, because };
}

/**
 * The column to predict: `knownTarget` when the table has it (a built-in sample's), else the best
 * scored column, else the last column.
 */
export function suggestTarget(table: Table, knownTarget?: string): TargetSuggestion {
  const names = table.columns.map((c) => c.name);
  if (names.length === 0) throw new Error('The table has no columns to predict');
  if (knownTarget !== undefined && names.includes(knownTarget)) return { target: knownTarget, reason: "the dataset's known target", known: true };
  const sample = table.rowCount > SUGGEST_SAMPLE_ROWS ? takeRows(table, Int32Array.from({ length: SUGGEST_SAMPLE_ROWS }, (_, i) => Math.floor((i * table.rowCount) / SUGGEST_SAMPLE_ROWS))) : table;
  let best: Scored | null = null;
  sample.columns.forEach((column, i) => {
    const scored = score(column, facts(column, sample.rowCount), i, names.length);
    if (scored && (!best || scored.score > best.score)) best = scored;
  });
  const found = best as Scored | null;
  if (found) return { target: found.name, reason: found.because, known: false };
  return { target: names[names.length - 1], reason: 'the last column (no column looks like a target)', known: false };
}

/** What predicting each column would mean, in table order. */
export function targetOptions(table: Table): TargetOption[] {
  return table.columns.map((column) => {
    if (column.kind === 'date' || column.kind === 'text') return { name: column.name, unusable: column.kind === 'date' ? 'dates' : 'free text' };
    const task = inferTask(column);
    if (task === 'regression') return { name: column.name, task };
    const classes = facts(column, table.rowCount).distinct;
    return classes < 2 ? { name: column.name, unusable: classes === 0 ? 'no value' : 'one value only' } : { name: column.name, task, classes };
  });
}
