/**
 * One-hot encode categorical and boolean columns with the categories seen in training.
 * A category unseen in training (or a missing cell) encodes as all zeros, like scikit-learn's
 * OneHotEncoder(handle_unknown='ignore'). With max_categories, the rarest training categories share
 * one `<column>=other` column, as OneHotEncoder(max_categories=…) groups infrequent ones.
 */
import { filled } from '../arrays';
import { resolveParams } from '../params';
import type { NumericColumn } from '../table/table';
import { addColumns, columnsParam, pickCategorical, requireCategorical } from './columns';
import { categoryCounts, fittedSlots } from './categories';
import { rowFitting, type StepKind } from './step';

interface OneHotState {
  /** Per column, the categories that get a column of their own, sorted. */
  columns: Record<string, string[]>;
  /** Per column, the training categories grouped into `<column>=other`; absent when none are. */
  other?: Record<string, string[]>;
}

const title = 'One-hot encode';

const params = {
  columns: columnsParam('Columns (none chosen: all categorical and boolean)'),
  max_categories: { type: 'number', label: 'Most output columns per column, "other" included (0: no limit)', default: 0, min: 0, integer: true },
} as const;

const OTHER = 'other';

export function oneHotName(column: string, category: string): string {
  return `${column}=${category}`;
}

/**
 * The `max` − 1 most frequent categories keep their own column and the rest go to "other", so a
 * column never yields more than `max` outputs (scikit-learn counts the infrequent column too).
 * Ties go to the category that sorts first.
 */
function splitFrequent(counts: Map<string, number>, max: number): { kept: string[]; other: string[] } {
  const byFrequency = [...counts].sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : 1)).map(([category]) => category);
  const keep = max > 0 && byFrequency.length > max ? max - 1 : byFrequency.length;
  return { kept: byFrequency.slice(0, keep).sort(), other: byFrequency.slice(keep).sort() };
}

function indicator(name: string, slots: Int32Array, hit: (slot: number) => boolean): NumericColumn {
  return { name, kind: 'numeric', values: filled(new Float64Array(slots.length), (r) => (hit(slots[r]) ? 1 : 0)) };
}

export const oneHot: StepKind<OneHotState> = {
  kind: 'one_hot',
  title,
  description: 'One 0/1 column per training category; unseen categories become all zeros. Optionally only the most frequent categories, the rest in one "other" column.',
  params,
  ...rowFitting((table, rows, values, context) => {
    const p = resolveParams<{ columns: string[]; max_categories: number }>(params, values);
    const columns: [string, string[]][] = [];
    const other: [string, string[]][] = [];
    for (const c of pickCategorical(table, context, title, p.columns)) {
      const split = splitFrequent(categoryCounts(c, rows), p.max_categories);
      columns.push([c.name, split.kept]);
      if (split.other.length) other.push([c.name, split.other]);
    }
    return other.length ? { columns: Object.fromEntries(columns), other: Object.fromEntries(other) } : { columns: Object.fromEntries(columns) };
  }),
  apply(table, state) {
    const added: NumericColumn[] = [];
    const removed = Object.keys(state.columns);
    const others = new Map(Object.entries(state.other ?? {}));
    for (const [name, kept] of Object.entries(state.columns)) {
      const column = requireCategorical(table, title, name);
      const slots = fittedSlots(column, kept);
      kept.forEach((category, slot) => added.push(indicator(oneHotName(name, category), slots, (s) => s === slot)));
      const grouped = others.get(name);
      if (grouped) added.push(indicator(oneHotName(name, OTHER), fittedSlots(column, grouped), (s) => s >= 0));
    }
    return addColumns(table, title, added, removed);
  },
  sources(state) {
    const pairs = Object.entries(state.columns).flatMap(([name, kept]) => [...kept, ...(state.other?.[name] ? [OTHER] : [])].map((category) => [oneHotName(name, category), [name]]));
    return Object.fromEntries(pairs);
  },
};
