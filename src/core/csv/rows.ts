/**
 * Records to columns of raw strings. Blank lines (empty or only spaces) are skipped and not
 * counted. The first other record is the header; every later record is a data row, numbered from 0
 * in file order like the datasets' *.test-idx.json files. A row that cannot be trusted (wrong
 * number of fields, broken quoting) is reported and left out rather than padded or cut to fit,
 * which would shift values into the wrong columns.
 */
import { CsvError } from './errors';

export interface ParseError {
  /** 0-based data-row index: header excluded, blank lines not counted. */
  row: number;
  message: string;
}

export interface RawColumns {
  header: string[];
  /** One array of cell strings per header column, all of the same length. */
  columns: string[][];
  errors: ParseError[];
}

const NAMES_RULE = 'Every column needs a unique name in the first row.';

export class RowCollector {
  private header: string[] | null = null;
  private columns: string[][] = [];
  private kept = 0;
  private seen = 0;
  private readonly errors: ParseError[] = [];

  constructor(private readonly label: string) {}

  /** Data rows seen so far, kept or not. */
  get dataRows(): number {
    return this.seen;
  }

  /** `rejected`: index in `records` → why that record cannot be trusted. */
  add(records: readonly string[][], rejected: ReadonlyMap<number, string>): void {
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      if (record.length === 1 && record[0].trim() === '') continue;
      if (this.header === null) {
        this.setHeader(record);
        continue;
      }
      const row = this.seen++;
      const reason =
        rejected.get(i) ??
        (record.length === this.columns.length ? undefined : `expected ${this.columns.length} fields, found ${record.length}`);
      if (reason !== undefined) {
        this.errors.push({ row, message: `row ${row}: ${reason}` });
        continue;
      }
      for (let c = 0; c < record.length; c++) this.columns[c].push(record[c]);
      this.kept++;
    }
  }

  /** `sawText`: whether the file held any characters at all, to tell an empty file from a blank one. */
  finish(sawText: boolean): RawColumns {
    if (this.header === null) {
      throw new CsvError(sawText ? `${this.label} has no columns: it holds only blank lines.` : `${this.label} is empty.`);
    }
    if (this.seen === 0) throw new CsvError(`${this.label} has a header row but no data rows.`);
    if (this.kept === 0) {
      throw new CsvError(
        `${this.label} has no usable rows: none of its ${this.seen} data rows could be read (${this.errors[0].message}). ` +
          'Check that the first row is the header and that every row uses the same delimiter.',
      );
    }
    return { header: this.header, columns: this.columns, errors: this.errors };
  }

  private setHeader(names: string[]): void {
    const columnOf = new Map<string, number>();
    names.forEach((name, i) => {
      if (name.trim() === '') throw new CsvError(`${this.label} has a column without a name (column ${i + 1} of the header row). ${NAMES_RULE}`);
      const first = columnOf.get(name);
      if (first !== undefined) {
        throw new CsvError(`${this.label} has two columns named "${name}" (columns ${first + 1} and ${i + 1} of the header row). ${NAMES_RULE}`);
      }
      columnOf.set(name, i);
    });
    this.header = names;
    this.columns = names.map(() => []);
  }
}
