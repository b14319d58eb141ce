/**
 * Stray text in a numeric-looking column. kinds.ts reads a column as numeric only when every
 * present cell is a number or a missing token, so one "n/k" among a thousand numbers makes the
 * whole column categorical or text; the raw strings survive as its categories or values, and the
 * cells that are not numbers are found here with parseNumber, the same test kinds.ts applies.
 */
import { parseNumber } from '../table/kinds';
import type { Column } from '../table/table';

/** A column counts as numeric-looking when at least this share of its present cells are numbers. */
export const NUMERIC_LOOKING_SHARE = 0.8;
const EXAMPLES = 5;

export interface StrayText {
  /** Present cells that are numbers, and all present cells. */
  numbers: number;
  present: number;
  /** Every number is whole. */
  integer: boolean;
  /** Distinct texts that are not numbers, most frequent first (at most five). */
  strays: string[];
  /** The first cells that are not numbers (0-based table rows). */
  examples: { row: number; value: string }[];
}

/** Null unless the column is categorical or text and numeric-looking with at least one stray cell. */
export function findStrayText(column: Column): StrayText | null {
  if (column.kind !== 'categorical' && column.kind !== 'text') return null;
  let numbers = 0;
  let present = 0;
  let integer = true;
  const strayCounts = new Map<string, number>();
  const examples: StrayText['examples'] = [];
  const visit = (value: string, row: number, isNumber: boolean, v: number) => {
    present++;
    if (isNumber) {
      numbers++;
      if (!Number.isInteger(v)) integer = false;
      return;
    }
    strayCounts.set(value, (strayCounts.get(value) ?? 0) + 1);
    if (examples.length < EXAMPLES) examples.push({ row, value });
  };
  if (column.kind === 'text') {
    for (let r = 0; r < column.values.length; r++) {
      const value = column.values[r];
      if (value === null) continue;
      const v = parseNumber(value);
      visit(value, r, v === v, v);
    }
  } else {
    // Parse each category once, then walk the codes.
    const parsed = column.categories.map(parseNumber);
    for (let r = 0; r < column.codes.length; r++) {
      const code = column.codes[r];
      if (code >= 0) visit(column.categories[code], r, parsed[code] === parsed[code], parsed[code]);
    }
  }
  if (present === 0 || numbers === present || numbers < NUMERIC_LOOKING_SHARE * present) return null;
  const strays = [...strayCounts].sort((a, b) => b[1] - a[1]).slice(0, EXAMPLES).map(([value]) => value);
  return { numbers, present, integer, strays, examples };
}
