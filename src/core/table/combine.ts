/**
 * Combining tables: stacking the rows of several (columns matched by name) and joining two on key
 * columns. Pure functions over the columnar Table; each also reports what it did to the data
 * (columns that differed, kinds that were reconciled, rows matched), for the run log and the editor.
 */
import type { CategoricalColumn, Column, ColumnKind, Table } from './table';
import { cellText, isMissing, takeRows } from './table';

/** 'common': keep the columns every input has; 'all': keep every column, missing where an input lacks it. */
export type AppendColumns = 'common' | 'all';

export interface AppendReport {
  /** Rows taken from each input, in input order. */
  rowsIn: number[];
  /** Columns that not every input has, with the inputs (0-based) that lack them. */
  differing: { name: string; missingFrom: number[] }[];
  /** Columns whose kind differs between inputs, and the kind they were stacked as. */
  reconciled: { name: string; kinds: ColumnKind[]; as: ColumnKind }[];
}

/**
 * The kind a column is stacked as when inputs disagree: categories and booleans share a dictionary,
 * free text absorbs anything, and other mixes (numbers above categories, dates above numbers) are
 * read as categories of their display text, so no value is lost or silently turned into a number.
 */
function commonKind(kinds: readonly ColumnKind[]): ColumnKind {
  const set = new Set(kinds);
  if (set.size === 1) return kinds[0];
  if (set.has('text')) return 'text';
  return 'categorical';
}

/** Codes into a shared dictionary (built in order of first appearance) for one input's column. */
function encodeInto(column: Column, rows: number, categories: string[], index: Map<string, number>, codes: Int32Array, offset: number) {
  const codeOf = (text: string) => {
    let code = index.get(text);
    if (code === undefined) {
      code = categories.push(text) - 1;
      index.set(text, code);
    }
    return code;
  };
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    const remap = column.categories.map(codeOf);
    for (let r = 0; r < rows; r++) codes[offset + r] = column.codes[r] < 0 ? -1 : remap[column.codes[r]];
    return;
  }
  for (let r = 0; r < rows; r++) codes[offset + r] = isMissing(column, r) ? -1 : codeOf(cellText(column, r));
}

/** One output column from the inputs' columns of that name (undefined where an input lacks it). */
function stackColumn(name: string, kind: ColumnKind, parts: readonly (Column | undefined)[], sizes: readonly number[], total: number): Column {
  if (kind === 'numeric' || kind === 'date') {
    const values = new Float64Array(total).fill(NaN);
    let offset = 0;
    parts.forEach((c, i) => {
      if (c) values.set((c as { values: Float64Array }).values.subarray(0, sizes[i]), offset);
      offset += sizes[i];
    });
    return { name, kind, values };
  }
  if (kind === 'text') {
    const values: (string | null)[] = new Array(total).fill(null);
    let offset = 0;
    parts.forEach((c, i) => {
      if (c) for (let r = 0; r < sizes[i]; r++) values[offset + r] = isMissing(c, r) ? null : cellText(c, r);
      offset += sizes[i];
    });
    return { name, kind, values };
  }
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(total).fill(-1);
  let offset = 0;
  parts.forEach((c, i) => {
    if (c) encodeInto(c, sizes[i], categories, index, codes, offset);
    offset += sizes[i];
  });
  return { name, kind, codes, categories } satisfies CategoricalColumn;
}

/** The rows of every table, in order, with columns matched by name; row ids are numbered afresh. */
export function appendTables(tables: readonly Table[], columns: AppendColumns): { table: Table; report: AppendReport } {
  if (tables.length === 0) throw new Error('Nothing to append: no input tables');
  const names: string[] = [];
  for (const t of tables) for (const c of t.columns) if (!names.includes(c.name)) names.push(c.name);
  const lookups = tables.map((t) => new Map(t.columns.map((c) => [c.name, c])));
  const sizes = tables.map((t) => t.rowCount);
  const total = sizes.reduce((a, b) => a + b, 0);
  const report: AppendReport = { rowsIn: sizes, differing: [], reconciled: [] };
  const out: Column[] = [];
  for (const name of names) {
    const parts = lookups.map((m) => m.get(name));
    const missingFrom = parts.flatMap((c, i) => (c ? [] : [i]));
    if (missingFrom.length) report.differing.push({ name, missingFrom });
    if (missingFrom.length && columns === 'common') continue;
    const kinds = parts.flatMap((c) => (c ? [c.kind] : []));
    const kind = commonKind(kinds);
    if (new Set(kinds).size > 1) report.reconciled.push({ name, kinds, as: kind });
    out.push(stackColumn(name, kind, parts, sizes, total));
  }
  return { table: { rowCount: total, columns: out }, report };
}

export type JoinHow = 'inner' | 'left';

/** A key: the left table's column and the right table's column whose values must be equal. */
export interface JoinKey {
  left: string;
  right: string;
}

export interface JoinOptions {
  keys: readonly JoinKey[];
  how: JoinHow;
  /** Appended to a right column's name that the left table already uses. */
  suffix: string;
}

export interface JoinReport {
  leftRows: number;
  rightRows: number;
  rows: number;
  /** Left rows no right row matched (dropped by an inner join, kept with missing right values by a left join). */
  unmatchedLeft: number;
  /** Right rows that matched no left row (never in the output). */
  unmatchedRight: number;
  /** Left rows that matched more than one right row, so appear more than once in the output. */
  multiplied: number;
  /** Left rows whose key is missing (or unreadable as the other side's kind): they match nothing. */
  missingKeys: number;
  /** Right columns renamed because the left table already had the name. */
  renamed: { from: string; to: string }[];
  /** Key pairs whose kinds differ, and how their values were compared. */
  keyKinds: { left: string; right: string; leftKind: ColumnKind; rightKind: ColumnKind; comparedAs: 'number' | 'date' | 'text' }[];
}

type Compare = 'number' | 'date' | 'text';

function compareAs(a: ColumnKind, b: ColumnKind, key: JoinKey): Compare {
  if (a === b) return a === 'numeric' ? 'number' : a === 'date' ? 'date' : 'text';
  if ((a === 'numeric' && b === 'date') || (a === 'date' && b === 'numeric')) {
    throw new Error(`Cannot join "${key.left}" (${a}) with "${key.right}" (${b}): a number and a date never match`);
  }
  if (a === 'numeric' || b === 'numeric') return 'number';
  if (a === 'date' || b === 'date') return 'date';
  return 'text';
}

/** Each row's key part as canonical text, or null where it is missing or cannot be read as `as`. */
function keyPart(column: Column, rowCount: number, as: Compare): (string | null)[] {
  const out: (string | null)[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    if (isMissing(column, r)) {
      out[r] = null;
      continue;
    }
    if (as === 'text') out[r] = cellText(column, r);
    else if (column.kind === 'numeric' || column.kind === 'date') out[r] = String(column.values[r]);
    else {
      const text = cellText(column, r).trim();
      const v = as === 'number' ? (text === '' ? NaN : Number(text)) : Date.parse(text);
      out[r] = Number.isNaN(v) ? null : String(v);
    }
  }
  return out;
}

function rowKeys(table: Table, names: readonly string[], modes: readonly Compare[]): (string | null)[] {
  const parts = names.map((name, i) => {
    const column = table.columns.find((c) => c.name === name);
    if (!column) throw new Error(`Join key "${name}" is not a column (columns: ${table.columns.map((c) => c.name).join(', ')})`);
    return keyPart(column, table.rowCount, modes[i]);
  });
  return Array.from({ length: table.rowCount }, (_, r) => {
    const values = parts.map((p) => p[r]);
    if (values.some((v) => v === null)) return null;
    return values.length === 1 ? (values[0] as string) : JSON.stringify(values);
  });
}

/** The given rows of a column, missing where the row index is -1. */
function takeOrMissing(column: Column, rows: Int32Array, name: string): Column {
  const n = rows.length;
  switch (column.kind) {
    case 'numeric':
    case 'date': {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = rows[i] < 0 ? NaN : column.values[rows[i]];
      return { name, kind: column.kind, values };
    }
    case 'categorical':
    case 'boolean': {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = rows[i] < 0 ? -1 : column.codes[rows[i]];
      return { name, kind: column.kind, codes, categories: column.categories };
    }
    case 'text': {
      const values: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) values[i] = rows[i] < 0 ? null : column.values[rows[i]];
      return { name, kind: 'text', values };
    }
  }
}

/**
 * Rows of `left` paired with the rows of `right` whose keys are equal (a hash join). A left row
 * matching k right rows appears k times (one-to-many); a left join keeps unmatched left rows with
 * the right columns missing. Missing keys match nothing (as in SQL). The right key columns are left
 * out: on every matched row they equal the left ones. Left row order is kept, then right order.
 */
export function joinTables(left: Table, right: Table, options: JoinOptions): { table: Table; report: JoinReport } {
  if (options.keys.length === 0) throw new Error('A join needs at least one key column');
  if (options.suffix === '') throw new Error('The suffix for right columns whose name the left table uses must not be empty');
  const kindOf = (t: Table, name: string, side: string) => {
    const c = t.columns.find((col) => col.name === name);
    if (!c) throw new Error(`Join key "${name}" is not a column of the ${side} input (columns: ${t.columns.map((col) => col.name).join(', ')})`);
    return c.kind;
  };
  const keyKinds: JoinReport['keyKinds'] = [];
  const modes = options.keys.map((key) => {
    const [leftKind, rightKind] = [kindOf(left, key.left, 'left'), kindOf(right, key.right, 'right')];
    const comparedAs = compareAs(leftKind, rightKind, key);
    if (leftKind !== rightKind) keyKinds.push({ left: key.left, right: key.right, leftKind, rightKind, comparedAs });
    return comparedAs;
  });
  const leftKeys = rowKeys(left, options.keys.map((k) => k.left), modes);
  const rightKeys = rowKeys(right, options.keys.map((k) => k.right), modes);
  const matches = new Map<string, number[]>();
  rightKeys.forEach((key, r) => {
    if (key === null) return;
    const list = matches.get(key);
    if (list) list.push(r);
    else matches.set(key, [r]);
  });
  const leftIdx: number[] = [];
  const rightIdx: number[] = [];
  const rightUsed = new Uint8Array(right.rowCount);
  let unmatchedLeft = 0;
  let multiplied = 0;
  let missingKeys = 0;
  leftKeys.forEach((key, l) => {
    if (key === null) missingKeys++;
    const found = key === null ? undefined : matches.get(key);
    if (!found) {
      unmatchedLeft++;
      if (options.how === 'left') {
        leftIdx.push(l);
        rightIdx.push(-1);
      }
      return;
    }
    if (found.length > 1) multiplied++;
    for (const r of found) {
      leftIdx.push(l);
      rightIdx.push(r);
      rightUsed[r] = 1;
    }
  });
  const rightKeyNames = new Set(options.keys.map((k) => k.right));
  const taken = new Set(left.columns.map((c) => c.name));
  const renamed: JoinReport['renamed'] = [];
  const rows = Int32Array.from(rightIdx);
  const rightColumns: Column[] = [];
  for (const c of right.columns) {
    if (rightKeyNames.has(c.name)) continue;
    let name = c.name;
    while (taken.has(name)) name += options.suffix;
    if (name !== c.name) renamed.push({ from: c.name, to: name });
    taken.add(name);
    rightColumns.push(takeOrMissing(c, rows, name));
  }
  const base = takeRows({ rowCount: left.rowCount, columns: left.columns }, leftIdx);
  const report: JoinReport = {
    leftRows: left.rowCount,
    rightRows: right.rowCount,
    rows: leftIdx.length,
    unmatchedLeft,
    unmatchedRight: right.rowCount - rightUsed.reduce((a, b) => a + b, 0),
    multiplied,
    missingKeys,
    renamed,
    keyKinds,
  };
  return { table: { rowCount: leftIdx.length, columns: [...base.columns, ...rightColumns] }, report };
}
