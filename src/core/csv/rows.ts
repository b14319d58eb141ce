/**
 * Records to columns. Blank lines (empty or only spaces) are skipped and not counted as rows. The first
 * other record is the header (or, in a file without one, the first data row); every later record is
 * a data row, numbered from 0 in file order like the datasets' *.test-idx.json files. A row that
 * cannot be trusted (wrong number of fields, broken quoting) is reported and left out rather than
 * padded or cut to fit, which would shift values into the wrong columns.
 *
 * Each record's file line is counted as it arrives, blank lines included, so that rows and errors
 * can be named by the line a person finds in an editor (table.ts, SourceLines).
 */
import type { SourceLines } from '../table/table';
import { ColumnBuilder } from './columns';
import { CsvError } from './errors';

export interface ParseError {
  /** 0-based data-row index: header excluded, blank lines not counted. */
  row: number;
  /** The 1-based file line the row begins on (the header is line 1), which `message` names. */
  line: number;
  /** The line it ends on, when its quoted fields hold line breaks (a quote never closed takes the rest of the file). */
  lastLine?: number;
  message: string;
}

export interface CollectedRows {
  header: string[];
  builders: ColumnBuilder[];
  errors: ParseError[];
  /** The lines the kept rows begin on. */
  sourceLines: SourceLines;
}

const NAMES_RULE = 'Every column needs a unique name in the first row.';

export class RowCollector {
  private names: string[] | null = null;
  private builders: ColumnBuilder[] = [];
  private kept = 0;
  private seen = 0;
  private readonly errors: ParseError[] = [];
  /** The line the next record begins on. */
  private line = 1;
  /** The line of kept row 0; kept row k is on line firstLine + k until `lines` is needed. */
  private firstLine = 0;
  /** Every kept row's line, once one broke the firstLine + k rule. */
  private lines: Int32Array | null = null;

  /**
   * `hasHeader`: whether the first record names the columns (else they are column_1, column_2, …).
   * `builder(c)`: a new builder for column c.
   */
  constructor(
    private readonly label: string,
    private readonly hasHeader: boolean,
    private readonly builder: (column: number) => ColumnBuilder,
  ) {}

  /** Data rows seen so far, kept or not. */
  get dataRows(): number {
    return this.seen;
  }

  /** Fields per record, or -1 until the first record fixed it. */
  get width(): number {
    return this.names === null ? -1 : this.builders.length;
  }

  /**
   * A record as strings; `rejected`: why it cannot be trusted, if it cannot. `breaks`: the line
   * breaks inside its quoted fields, so that the next record's line is known.
   */
  addRecord(record: readonly string[], rejected?: string, breaks = 0): void {
    const line = this.line;
    this.line += 1 + breaks;
    if (record.length === 1 && record[0].trim() === '') return;
    if (this.names === null) {
      this.setColumns(record);
      if (this.hasHeader) return;
    }
    const problem = this.fieldCountProblem(record.length);
    const reason = rejected ?? problem;
    if (reason !== undefined) return this.reject(reason, line, line + breaks);
    for (let c = 0; c < record.length; c++) this.builders[c].add(record[c]);
    this.keep(line);
  }

  /** A blank line the caller skipped. */
  blankLine(): void {
    this.line++;
  }

  /**
   * A record of `count` fields, field c being `text[starts[c], ends[c])`: the fast path's form,
   * which spares a string per numeric cell. Call only once `width` is known; blank lines are the caller's to skip.
   */
  addSpans(text: string, starts: Int32Array, ends: Int32Array, count: number): void {
    const line = this.line++;
    const reason = this.fieldCountProblem(count);
    if (reason !== undefined) return this.reject(reason, line);
    for (let c = 0; c < count; c++) this.builders[c].addSpan(text, starts[c], ends[c]);
    this.keep(line);
  }

  /** Count a kept row on `line`; a clean file only ever takes the first test. */
  private keep(line: number): void {
    if (this.lines !== null || line !== this.firstLine + this.kept) this.keepOffLine(line);
    this.kept++;
  }

  private keepOffLine(line: number): void {
    if (this.kept === 0) {
      this.firstLine = line;
      return;
    }
    if (this.lines === null) {
      this.lines = new Int32Array(Math.max(1024, 2 * this.kept));
      for (let k = 0; k < this.kept; k++) this.lines[k] = this.firstLine + k;
    } else if (this.kept === this.lines.length) {
      const bigger = new Int32Array(2 * this.kept);
      bigger.set(this.lines);
      this.lines = bigger;
    }
    this.lines[this.kept] = line;
  }

  /** `sawText`: whether the file held any characters at all, to tell an empty file from a blank one. */
  finish(sawText: boolean): CollectedRows {
    if (this.names === null) {
      throw new CsvError(sawText ? `${this.label} has no columns: it holds only blank lines.` : `${this.label} is empty.`);
    }
    if (this.seen === 0) throw new CsvError(`${this.label} has a header row but no data rows.`);
    if (this.kept === 0) {
      throw new CsvError(
        `${this.label} has no usable rows: none of its ${this.seen} data rows could be read (${this.errors[0].message}). ` +
          'Check that the first row is the header and that every row uses the same delimiter.',
      );
    }
    const sourceLines = this.lines === null ? { first: this.firstLine } : { first: this.firstLine, lines: this.lines.slice(0, this.kept) };
    return { header: this.names, builders: this.builders, errors: this.errors, sourceLines };
  }

  private fieldCountProblem(count: number): string | undefined {
    this.seen++;
    return count === this.builders.length ? undefined : `expected ${this.builders.length} fields, found ${count}`;
  }

  private reject(reason: string, line: number, lastLine = line): void {
    if (lastLine === line) this.errors.push({ row: this.seen - 1, line, message: `line ${line}: ${reason}` });
    else this.errors.push({ row: this.seen - 1, line, lastLine, message: `lines ${line}–${lastLine}: ${reason}` });
  }

  private setColumns(first: readonly string[]): void {
    this.names = this.hasHeader ? checkedNames(first, this.label) : first.map((_, i) => `column_${i + 1}`);
    this.builders = this.names.map((_, c) => this.builder(c));
  }
}

function checkedNames(names: readonly string[], label: string): string[] {
  const columnOf = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.trim() === '') throw new CsvError(`${label} has a column without a name (column ${i + 1} of the header row). ${NAMES_RULE}`);
    const first = columnOf.get(name);
    if (first !== undefined) {
      throw new CsvError(`${label} has two columns named "${name}" (columns ${first + 1} and ${i + 1} of the header row). ${NAMES_RULE}`);
    }
    columnOf.set(name, i);
  });
  return [...names];
}
