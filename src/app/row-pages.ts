/**
 * The rows a rows viewer shows, read from the engine a page at a time and kept in a small cache
 * (least recently used pages go first). The first page comes with the dataset's or the predictions'
 * summary, so the first paint waits for nothing. A viewer says which rows it shows (`want`) as it
 * scrolls; pages are read only once the wanted rows have stayed put for `settleMs`, and only those
 * still wanted then, so scrolling through a million rows asks the worker for the last pages alone.
 */
import { ROWS_PAGE } from '../engine/protocol';
import { messageOf } from './errors';

/** Rows of display strings that a viewer reads: how many, the first page, and a reader of the others. */
export interface RowSource {
  rowCount: number;
  /** The first min(ROWS_PAGE, rowCount) rows. */
  first: readonly (readonly string[])[];
  /** `count` rows from `start` (0-based). */
  read(start: number, count: number): Promise<string[][]>;
}

export interface RowPagesOptions {
  /** Rows per page (the first page's length): ROWS_PAGE. */
  pageSize?: number;
  /** Pages kept at most (those the viewer shows now are kept in any case). */
  capacity?: number;
  /** How long the wanted rows stay put before their pages are read (ms). */
  settleMs?: number;
  /** Called when a page arrived or a read failed: the viewer renders again. */
  onChange?: () => void;
}

export class RowPages {
  readonly pageSize: number;
  /** The last read's failure, until a later read succeeds. */
  error: string | null = null;
  /** A Map iterates in insertion order: a page used is put last, and the first is the least recently used. */
  readonly #pages = new Map<number, readonly (readonly string[])[]>();
  readonly #reading = new Set<number>();
  readonly #source: RowSource;
  readonly #capacity: number;
  readonly #settleMs: number;
  readonly #onChange: () => void;
  #wanted: number[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(source: RowSource, { pageSize = ROWS_PAGE, capacity = 12, settleMs = 120, onChange = () => undefined }: RowPagesOptions = {}) {
    this.#source = source;
    this.pageSize = pageSize;
    this.#capacity = capacity;
    this.#settleMs = settleMs;
    this.#onChange = onChange;
    if (source.first.length > 0) this.#pages.set(0, source.first);
  }

  get rowCount(): number {
    return this.#source.rowCount;
  }

  /** Row `index`'s cells, or undefined while its page is not held. */
  row(index: number): readonly string[] | undefined {
    return this.#pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** The pages held, least recently used first. */
  get held(): number[] {
    return [...this.#pages.keys()];
  }

  /** The pages being read. */
  get reading(): number[] {
    return [...this.#reading];
  }

  /** The pages that hold rows [start, end). */
  pagesOf(start: number, end: number): number[] {
    const last = Math.min(end, this.rowCount) - 1;
    if (last < start) return [];
    const pages: number[] = [];
    for (let p = Math.floor(start / this.pageSize); p <= Math.floor(last / this.pageSize); p++) pages.push(p);
    return pages;
  }

  /** The viewer shows rows [start, end) now: their pages are kept, and those not held are read once the rows stay put. */
  want(start: number, end: number): void {
    this.#wanted = this.pagesOf(start, end);
    for (const p of this.#wanted) this.#touch(p);
    clearTimeout(this.#timer);
    if (this.#wanted.some((p) => !this.#pages.has(p) && !this.#reading.has(p))) {
      this.#timer = setTimeout(() => this.#readWanted(), this.#settleMs);
    }
  }

  /** Stop: pending reads are not started, and answers still on the way are dropped. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
  }

  #touch(page: number): void {
    const rows = this.#pages.get(page);
    if (!rows) return;
    this.#pages.delete(page);
    this.#pages.set(page, rows);
  }

  #readWanted(): void {
    for (const page of this.#wanted) {
      if (!this.#pages.has(page) && !this.#reading.has(page)) void this.#read(page);
    }
  }

  async #read(page: number): Promise<void> {
    this.#reading.add(page);
    try {
      const rows = await this.#source.read(page * this.pageSize, this.pageSize);
      if (this.#disposed) return;
      this.#pages.set(page, rows);
      this.error = null;
      this.#evict();
    } catch (error) {
      if (this.#disposed) return;
      this.error = `Could not read rows ${(page * this.pageSize + 1).toLocaleString('en')}–${Math.min(this.rowCount, (page + 1) * this.pageSize).toLocaleString('en')}: ${messageOf(error)}`;
    } finally {
      this.#reading.delete(page);
    }
    this.#onChange();
  }

  /** Past capacity, let the least recently used pages go, but not those the viewer shows now. */
  #evict(): void {
    for (const page of this.#pages.keys()) {
      if (this.#pages.size <= this.#capacity) return;
      if (!this.#wanted.includes(page)) this.#pages.delete(page);
    }
  }
}
