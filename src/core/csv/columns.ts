/**
 * One column of a CSV, typed as its cells arrive. The kind rules are table/kinds.ts's
 * (tableFromStrings): numeric if every cell is a number or missing, else date on the same terms,
 * else boolean, categorical or text. Reading them cell by cell means a numeric or date column never
 * holds its strings, only a growing Float64Array, and a categorical one holds each distinct string
 * once with an Int32Array of codes.
 *
 * The one case a single pass cannot settle: a column of numbers (or dates) that turns out to hold
 * text further down. Its earlier cells were kept only as numbers, so the column is marked `deferred`
 * and the reader collects its strings in a second pass over the source (csv/parse.ts).
 */
import { columnFromCodes, codedColumn, isBlank, MAX_CATEGORIES, MAX_CATEGORY_SHARE, parseDate, parseNumber, plainIsoDate } from '../table/kinds';
import type { CategoricalColumn, DateColumn, NumericColumn, TextColumn } from '../table/table';
import { parseNumberSpan } from './number';

export type BuilderMode = 'numeric' | 'date' | 'coded' | 'strings' | 'deferred' | 'skip';

/** Rows kept in `strings` mode before a coded column's distinct count is judged. */
const JUDGE_AFTER_ROWS = 1000;
/** Up to this many distinct values, a cell is matched against them in place rather than cut out and looked up. */
const SCAN_DISTINCT = 16;

export class ColumnBuilder {
  private values: Float64Array;
  private codes: Int32Array;
  private index = new Map<string, number>();
  private distinct: string[] = [];
  private strings: string[] = [];
  /** Cells read so far. */
  private n = 0;
  /** Numbers (or dates) among them. */
  private found = 0;
  /** The missing tokens this column met, which count as used when it ends up numeric or date. */
  readonly tokens = new Set<string>();

  /**
   * `mode`: 'numeric' to infer the kind, 'strings' to keep every cell as it is, 'skip' to keep nothing.
   * `missing`: the tokens that mark a missing number or date. `capacity`: the expected row count.
   */
  constructor(
    private mode: BuilderMode,
    private readonly missing: ReadonlySet<string>,
    private readonly capacity: number,
  ) {
    const typed = mode === 'numeric';
    this.values = new Float64Array(typed ? capacity : 0);
    this.codes = new Int32Array(typed ? Math.min(capacity, 1024) : 0);
  }

  get kind(): BuilderMode {
    return this.mode;
  }

  get rows(): number {
    return this.n;
  }

  /**
   * The cell `text[start, end)`. Numbers, plain dates and repeated categories are read in place:
   * a substring per cell is most of what reading a large file would otherwise cost.
   */
  addSpan(text: string, start: number, end: number): void {
    switch (this.mode) {
      case 'numeric': {
        const v = parseNumberSpan(text, start, end);
        if (v === v) return this.addValue(v);
        break;
      }
      case 'date': {
        const v = end - start === 10 ? plainIsoDate(text, start) : null;
        if (v !== null && v === v) return this.addValue(v);
        break;
      }
      case 'coded':
        if (this.codeSpan(text, start, end)) return;
        break;
      case 'skip':
      case 'deferred':
        this.n++;
        return;
    }
    this.add(text.slice(start, end));
  }

  /** Code a cell equal to one of a few distinct values seen before, without cutting it out; false when it is none of them. */
  private codeSpan(text: string, start: number, end: number): boolean {
    const distinct = this.distinct;
    if (distinct.length > SCAN_DISTINCT) return false;
    const length = end - start;
    for (let code = 0; code < distinct.length; code++) {
      const s = distinct[code];
      // Length and last character first: cheaper than startsWith, and they tell most categories apart.
      if (s.length === length && (length === 0 || s.charCodeAt(length - 1) === text.charCodeAt(end - 1)) && text.startsWith(s, start)) {
        if (this.n === this.codes.length) this.codes = grow(this.codes, this.n, this.capacity) as Int32Array;
        this.codes[this.n++] = code;
        return true;
      }
    }
    return false;
  }

  add(s: string): void {
    switch (this.mode) {
      case 'numeric':
      case 'date': {
        const v = this.mode === 'numeric' ? parseNumber(s) : parseDate(s);
        if (v === v) this.addValue(v);
        else if (this.missing.has(s) || isBlank(s)) this.addMissing(s);
        else this.leaveTyped(s);
        return;
      }
      case 'coded':
        this.addCoded(s);
        return;
      case 'strings':
        this.strings.push(s);
        this.n++;
        return;
      default:
        this.n++;
    }
  }

  private addValue(v: number): void {
    if (this.found++ === 0) this.dropCodes();
    this.pushValue(v);
  }

  /** A missing cell of a numeric or date column; kept as a string too while the column has no value at all. */
  private addMissing(s: string): void {
    if (this.missing.has(s)) this.tokens.add(s);
    if (this.found === 0) this.intern(s);
    this.pushValue(NaN);
  }

  /** `s` is neither a value of this column's kind nor missing. */
  private leaveTyped(s: string): void {
    if (this.found > 0) {
      this.mode = 'deferred';
      this.n++;
      this.release();
      return;
    }
    // Every earlier cell was missing, and those are interned: the column may still be a date, else it is coded.
    const date = this.mode === 'numeric' ? parseDate(s) : NaN;
    if (date === date) {
      this.mode = 'date';
      this.addValue(date);
      return;
    }
    this.mode = 'coded';
    this.tokens.clear();
    this.values = new Float64Array(0);
    this.addCoded(s);
  }

  private pushValue(v: number): void {
    if (this.n === this.values.length) this.values = grow(this.values, this.n, this.capacity) as Float64Array;
    // While every cell is missing the cells are interned too, so `codes` advance with `values`.
    this.values[this.n++] = v;
  }

  private intern(s: string): void {
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.distinct.push(s) - 1;
      this.index.set(s, code);
    }
    if (this.n === this.codes.length) this.codes = grow(this.codes, this.n, this.capacity) as Int32Array;
    this.codes[this.n] = code;
  }

  private addCoded(s: string): void {
    this.intern(s);
    this.n++;
    // Far more distinct values than a category list holds: keep plain strings instead of a huge map,
    // and let codedColumn decide categorical or text at the end, as it would have from the start.
    const distinct = this.distinct.length;
    if (distinct > MAX_CATEGORIES && this.n >= JUDGE_AFTER_ROWS && distinct > MAX_CATEGORY_SHARE * this.n) {
      this.strings = Array.from(this.codes.subarray(0, this.n), (code) => this.distinct[code]);
      this.mode = 'strings';
      this.release();
    }
  }

  private dropCodes(): void {
    this.index.clear();
    this.distinct = [];
    this.codes = new Int32Array(0);
  }

  private release(): void {
    this.dropCodes();
    this.values = new Float64Array(0);
    this.tokens.clear();
  }

  /** A numeric or date column, or null when the column is of another kind. */
  typed(name: string): NumericColumn | DateColumn | null {
    if ((this.mode !== 'numeric' && this.mode !== 'date') || this.found === 0) return null;
    const values = fitted(this.values, this.n);
    return this.mode === 'numeric' ? { name, kind: 'numeric', values } : { name, kind: 'date', values };
  }

  /**
   * The boolean, categorical or text column, once the file's used missing tokens are known
   * (`missing`: those that also mark a missing category). Not for typed or deferred columns.
   */
  coded(name: string, missing: ReadonlySet<string>): CategoricalColumn | TextColumn {
    if (this.mode === 'strings') return codedColumn(name, this.strings, missing);
    return columnFromCodes(name, fitted(this.codes, this.n), this.distinct, missing);
  }

  /** The cells as strings ('strings' mode). */
  cells(): string[] {
    return this.strings;
  }
}

/**
 * The first `used` elements. The estimate of the row count (csv/parse.ts) is a few per cent high,
 * so the spare room is usually small: then a view, since a copy of every column at the end of a
 * read would double the columns' memory for a moment; a copy when the room would waste more.
 */
function fitted<T extends Float64Array | Int32Array>(array: T, used: number): T {
  if (array.length === used) return array;
  return (array.length - used <= used / 16 ? array.subarray(0, used) : array.slice(0, used)) as T;
}

/**
 * A copy with room for the expected rows, or twice as many once those are passed (typed arrays
 * cannot grow in place everywhere yet).
 */
function grow(array: Float64Array | Int32Array, used: number, expected: number): Float64Array | Int32Array {
  const bigger = new (array.constructor as Float64ArrayConstructor | Int32ArrayConstructor)(Math.max(1024, used < expected ? expected : used * 2));
  bigger.set(array.subarray(0, used));
  return bigger;
}
