/**
 * The inferred type of a column, finer than its stored kind, with a confidence in [0, 1] and a
 * one-line reason. The confidence is the share of the evidence that agrees: 1 when the parser
 * proved it (dates, yes/no pairs), the share of repeated values for categories, the share of
 * number cells for numeric-looking text, and a fixed, lower figure where a rule is a heuristic
 * (codes, identifiers).
 */
import type { Column } from '../table/table';
import type { StrayText } from '../quality/stray-text';
import type { ColumnDetail, Inference } from './types';

/** Whole numbers with at most this many distinct values read as codes of categories. */
export const MAX_CODES = 10;
/** Columns shorter than this are too short to call codes or identifiers. */
export const MIN_ROWS_FOR_HEURISTICS = 20;
/** Distinct values over present cells from which strings read as identifiers. */
export const IDENTIFIER_SHARE = 0.95;

const pct = (x: number) => `${Math.round(100 * x)}%`;
const round = (x: number) => Math.round(x * 100) / 100;

function inferNumeric(detail: ColumnDetail, increasing: boolean): Inference {
  const { count, distinct, stats } = detail;
  if (!stats?.integer) return { type: 'continuous', confidence: 1, reason: `fractional numbers, ${distinct.toLocaleString('en')} distinct` };
  const { min, max } = stats;
  if (distinct === 2 && min === 0 && max === 1) return { type: 'boolean', confidence: 0.9, reason: 'only the values 0 and 1' };
  if (count >= MIN_ROWS_FOR_HEURISTICS && distinct === count) {
    if (max - min + 1 === count) return { type: 'identifier', confidence: 0.95, reason: `every value distinct, the consecutive whole numbers ${min}…${max}: a row number or id` };
    if (increasing) return { type: 'identifier', confidence: 0.85, reason: 'every value distinct and increasing down the rows: an id or a counter' };
  }
  if (count >= MIN_ROWS_FOR_HEURISTICS && distinct <= MAX_CODES) {
    const values = (detail.top ?? []).map((t) => t.value).slice(0, 4).join(', ');
    return {
      type: 'categorical',
      confidence: round(0.9 - (0.3 * distinct) / MAX_CODES),
      reason: `only ${distinct} distinct whole numbers (${values}${distinct > 4 ? ', …' : ''}): likely codes for categories`,
      suggestKind: 'categorical',
    };
  }
  return { type: 'integer', confidence: 1, reason: `whole numbers, ${distinct.toLocaleString('en')} distinct` };
}

function inferStrings(column: Column, detail: ColumnDetail, stray: StrayText | null, spaced: number): Inference {
  const { count, distinct } = detail;
  if (stray) {
    const share = stray.numbers / stray.present;
    return {
      type: stray.integer ? 'integer' : 'continuous',
      confidence: round(share),
      reason: `${pct(share)} of the values are numbers; stray text such as "${stray.strays[0]}" keeps it ${column.kind}`,
    };
  }
  const unique = count > 0 ? distinct / count : 0;
  if (column.kind === 'text' && spaced >= 0.5 * count) {
    return { type: 'text', confidence: round(spaced / count), reason: `${pct(spaced / count)} of the values hold several words: free text` };
  }
  if (count >= MIN_ROWS_FOR_HEURISTICS && unique >= IDENTIFIER_SHARE) {
    return { type: 'identifier', confidence: round(unique), reason: `${pct(unique)} of the values are distinct single tokens: ids, codes or keys` };
  }
  if (column.kind === 'text') return { type: 'text', confidence: 0.6, reason: `${distinct.toLocaleString('en')} distinct short strings: too many to treat as categories` };
  const top = detail.top?.[0];
  return {
    type: 'categorical',
    confidence: round(Math.max(0.5, 1 - unique)),
    reason: `${distinct} categories over ${count.toLocaleString('en')} values${top ? `; the most common, "${top.value}", is ${pct(top.count / count)}` : ''}`,
  };
}

export interface InferenceFacts {
  /** Numeric columns: every present value is larger than the one before it. */
  increasing: boolean;
  /** Categorical and text columns: the stray-text finding. */
  stray: StrayText | null;
  /** Text columns: present values holding whitespace. */
  spaced: number;
}

export function inferType(column: Column, detail: ColumnDetail, facts: InferenceFacts): Inference {
  switch (column.kind) {
    case 'numeric':
      return inferNumeric(detail, facts.increasing);
    case 'date':
      return { type: 'datetime', confidence: 1, reason: 'every present value is an ISO date or date-time' };
    case 'boolean':
      return { type: 'boolean', confidence: 1, reason: `the two words of a yes/no pair (${column.categories.join('/')})` };
    case 'categorical':
    case 'text':
      return inferStrings(column, detail, facts.stray, facts.spaced);
  }
}
