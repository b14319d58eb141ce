/** Category bookkeeping shared by the encoders. */
import { filled } from '../arrays';
import type { CategoricalColumn } from '../table/table';

/** Each category present in the column (at `rows`, else anywhere) with its number of rows, in dictionary order. */
export function categoryCounts(column: CategoricalColumn, rows?: Int32Array): Map<string, number> {
  const counts = new Int32Array(column.categories.length);
  const { codes } = column;
  if (rows) {
    for (const r of rows) if (codes[r] >= 0) counts[codes[r]]++;
  } else for (const code of codes) if (code >= 0) counts[code]++;
  const present = new Map<string, number>();
  column.categories.forEach((category, code) => {
    if (counts[code] > 0) present.set(category, counts[code]);
  });
  return present;
}

/** The categories present (at `rows`, else anywhere), in code-unit order (the same on every machine, unlike localeCompare). */
export function presentCategories(column: CategoricalColumn, rows?: Int32Array): string[] {
  return [...categoryCounts(column, rows).keys()].sort();
}

/**
 * Each row's position in `fitted` (the categories a step learned), −1 for a missing cell or a
 * category not among them. Matched by name: a new file's dictionary has its own codes.
 */
export function fittedSlots(column: CategoricalColumn, fitted: readonly string[]): Int32Array {
  const slot = new Map(fitted.map((category, i) => [category, i]));
  const ofCode = column.categories.map((category) => slot.get(category) ?? -1);
  return filled(new Int32Array(column.codes.length), (r) => (column.codes[r] < 0 ? -1 : ofCode[column.codes[r]]));
}
