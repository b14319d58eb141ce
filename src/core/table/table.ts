/**
 * The columnar table every layer shares (DESIGN.md §2). Columns are typed arrays so that
 * a million rows stay compact and go to another thread as a few buffer copies (or shared).
 */
import { filled, gather } from '../arrays';
import { dateText } from './date-text';

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'date' | 'text';

/** Numbers, NaN where missing. */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  readonly values: Float64Array;
}

/** Category codes into `categories`, -1 where missing. Booleans use the same layout. */
export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical' | 'boolean';
  readonly codes: Int32Array;
  readonly categories: readonly string[];
}

/** Epoch milliseconds (UTC), NaN where missing. */
export interface DateColumn {
  readonly name: string;
  readonly kind: 'date';
  readonly values: Float64Array;
}

/** Free text, null where missing. */
export interface TextColumn {
  readonly name: string;
  readonly kind: 'text';
  readonly values: readonly (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn | DateColumn | TextColumn;

/**
 * Where a table's rows begin in the file they were read from: 1-based line numbers as an editor
 * shows them, the header being line 1 (a record whose quoted fields hold line breaks spans several
 * lines and is numbered by its first). `first` is row 0's line; row r is on line `first + r` unless
 * `lines` lists every row's line, which exists only where that stops holding (the file had blank
 * lines or unreadable rows between data rows, or multi-line records, or rows were dropped), so that
 * a clean million-row file costs nothing here.
 */
export interface SourceLines {
  readonly first: number;
  readonly lines?: Int32Array;
}

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
  /**
   * Set on a table read from one file (csv/parse.ts) and kept by the row operations below, so a row
   * keeps its file line through casts, filters and dropped duplicates. Absent where rows come from
   * several files (combine.ts): such rows are named by their position in the table.
   */
  readonly sourceLines?: SourceLines;
  /**
   * Each row's index in the source data, when the executor tracks it: a step that drops rows keeps
   * it aligned (through takeRows), so train and test rows stay known after filtering.
   */
  readonly rowIds?: Int32Array;
}

export interface ColumnSchema {
  name: string;
  kind: ColumnKind;
  /** Categories seen, for categorical and boolean columns. */
  categories?: string[];
}

export function schemaOf(table: Table): ColumnSchema[] {
  return table.columns.map((c) =>
    c.kind === 'categorical' || c.kind === 'boolean'
      ? { name: c.name, kind: c.kind, categories: [...c.categories] }
      : { name: c.name, kind: c.kind },
  );
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function getColumn(table: Table, name: string): Column {
  const column = findColumn(table, name);
  if (!column) {
    const known = table.columns.map((c) => c.name).join(', ');
    throw new Error(`Column "${name}" is not in the table (columns: ${known})`);
  }
  return column;
}

const lineAt = (source: SourceLines, row: number): number => (source.lines ? source.lines[row] : source.first + row);

/** The file line where `row` begins, or undefined when the table was not read from one file. */
export function sourceLine(table: Table, row: number): number | undefined {
  return table.sourceLines && lineAt(table.sourceLines, row);
}

/**
 * A row as a person can find it: by its line in the file where it has one, else by its 1-based
 * position in the table (rows stacked from several files, say).
 */
export function rowLabel(row: number, line: number | undefined): string {
  return line === undefined ? `row ${row + 1}` : `line ${line}`;
}

/** rowLabel of a table's row r. */
export function rowName(table: Table, row: number): string {
  return rowLabel(row, sourceLine(table, row));
}

/** The lines of the rows `rows` of a table whose rows begin on `source`'s lines. */
function linesOf(source: SourceLines, rows: ArrayLike<number>): SourceLines {
  const lines = filled(new Int32Array(rows.length), (i) => lineAt(source, rows[i]));
  return { first: lines.length > 0 ? lines[0] : source.first, lines };
}

export function isMissing(column: Column, row: number): boolean {
  switch (column.kind) {
    case 'numeric':
    case 'date':
      return Number.isNaN(column.values[row]);
    case 'categorical':
    case 'boolean':
      return column.codes[row] < 0;
    case 'text':
      return column.values[row] === null;
  }
}

/** The cell as a display string ('' where missing). */
export function cellText(column: Column, row: number): string {
  switch (column.kind) {
    case 'numeric':
      return Number.isNaN(column.values[row]) ? '' : String(column.values[row]);
    case 'date':
      return Number.isNaN(column.values[row]) ? '' : new Date(column.values[row]).toISOString();
    case 'categorical':
    case 'boolean':
      return column.codes[row] < 0 ? '' : column.categories[column.codes[row]];
    case 'text':
      return column.values[row] ?? '';
  }
}

/** A new table holding only the given rows, in the given order. */
export function takeRows(table: Table, rows: ArrayLike<number>): Table {
  const n = rows.length;
  const columns = table.columns.map((c): Column => {
    switch (c.kind) {
      case 'numeric':
      case 'date': {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = c.values[rows[i]];
        return { ...c, values };
      }
      case 'categorical':
      case 'boolean': {
        const codes = new Int32Array(n);
        for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]];
        return { ...c, codes };
      }
      case 'text': {
        const values: (string | null)[] = new Array(n);
        for (let i = 0; i < n; i++) values[i] = c.values[rows[i]];
        return { ...c, values };
      }
    }
  });
  const rowIds = table.rowIds ? gather(table.rowIds, rows) : undefined;
  const sourceLines = table.sourceLines ? linesOf(table.sourceLines, rows) : undefined;
  return { rowCount: n, columns, ...(rowIds ? { rowIds } : {}), ...(sourceLines ? { sourceLines } : {}) };
}

/**
 * The rows of `b` after those of `a`; both must have the same columns (categories are merged by
 * name). Row ids and source lines are kept where both have them: the two are parts of one source
 * table (pipeline/transform.ts), as tables from different files are stacked by combine.ts instead.
 */
export function concatRows(a: Table, b: Table): Table {
  const columns = a.columns.map((ca): Column => {
    const cb = getColumn(b, ca.name);
    if (cb.kind !== ca.kind) throw new Error(`Cannot stack column "${ca.name}": ${ca.kind} above ${cb.kind}`);
    switch (ca.kind) {
      case 'numeric':
      case 'date': {
        const values = new Float64Array(a.rowCount + b.rowCount);
        values.set(ca.values);
        values.set((cb as typeof ca).values, a.rowCount);
        return { ...ca, values };
      }
      case 'categorical':
      case 'boolean': {
        const other = cb as typeof ca;
        const categories = [...ca.categories];
        const remap = other.categories.map((c) => {
          const at = categories.indexOf(c);
          return at >= 0 ? at : categories.push(c) - 1;
        });
        const codes = new Int32Array(a.rowCount + b.rowCount);
        codes.set(ca.codes);
        other.codes.forEach((code, i) => (codes[a.rowCount + i] = code < 0 ? -1 : remap[code]));
        return { ...ca, codes, categories };
      }
      case 'text':
        return { ...ca, values: [...ca.values, ...(cb as typeof ca).values] };
    }
  });
  let rowIds: Int32Array | undefined;
  if (a.rowIds && b.rowIds) {
    rowIds = new Int32Array(a.rowCount + b.rowCount);
    rowIds.set(a.rowIds);
    rowIds.set(b.rowIds, a.rowCount);
  }
  const sourceLines = a.sourceLines && b.sourceLines ? stackedLines(a.sourceLines, a.rowCount, b.sourceLines, b.rowCount) : undefined;
  return { rowCount: a.rowCount + b.rowCount, columns, ...(rowIds ? { rowIds } : {}), ...(sourceLines ? { sourceLines } : {}) };
}

function stackedLines(a: SourceLines, aRows: number, b: SourceLines, bRows: number): SourceLines {
  const lines = new Int32Array(aRows + bRows);
  for (let r = 0; r < aRows; r++) lines[r] = lineAt(a, r);
  for (let r = 0; r < bRows; r++) lines[aRows + r] = lineAt(b, r);
  return { first: lines.length > 0 ? lines[0] : 1, lines };
}

/** Replace, append or remove columns by name, keeping the original order. */
export function withColumns(table: Table, replace: readonly Column[], remove: readonly string[] = []): Table {
  const byName = new Map(replace.map((c) => [c.name, c]));
  const drop = new Set(remove);
  const columns: Column[] = [];
  for (const c of table.columns) {
    if (drop.has(c.name)) continue;
    columns.push(byName.get(c.name) ?? c);
    byName.delete(c.name);
  }
  columns.push(...byName.values());
  return { ...table, columns };
}

/**
 * The rows [start, end) of a span of `count` rows from `start`, cut at `rowCount`: what a page of rows
 * asked for by a viewer holds. Throws, naming the bad figure, for a start or count that is not a
 * whole number of rows within the table.
 */
export function rowSpan(start: number, count: number, rowCount: number): { start: number; end: number } {
  if (!Number.isSafeInteger(start) || start < 0 || start > rowCount) throw new RangeError(`Row ${start} is not a row of this table of ${rowCount} rows (rows start at 0)`);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`A page of rows needs a whole, non-negative count, not ${count}`);
  return { start, end: Math.min(rowCount, start + count) };
}

/** Rows as string records, for previews and the rows viewer: cellText, but dates as people read them (dateText). `limit` rows from `start`. */
export function previewRows(table: Table, limit: number, start = 0): string[][] {
  const span = rowSpan(start, limit, table.rowCount);
  const rows: string[][] = [];
  const text = (c: Column, r: number) => (c.kind === 'date' ? dateText(c.values[r]) : cellText(c, r));
  for (let r = span.start; r < span.end; r++) rows.push(table.columns.map((c) => text(c, r)));
  return rows;
}
