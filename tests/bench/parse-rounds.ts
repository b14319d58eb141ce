/** The parse benches' rounds, the same in Node and in the browser worker: each contender on the same bytes, medians as MB/s. */
import { parseCsv } from '../../src/core/csv/parse';
import { profileTable } from '../../src/core/table/profile';
import type { Table } from '../../src/core/table/table';
import { median } from './stats';

export async function timed(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

export interface ParseContenders {
  /** Free what the previous contender left behind (a forced gc where there is one), so each starts alike. */
  collect(): void;
  /** Bare chunked Papa.parse, typing off. */
  papa(): Promise<void>;
  /** Ours: bytes to a typed table (the profile is timed on top). */
  ours(): Promise<Table>;
  /** A bare split on newlines and commas. */
  split(): Promise<unknown>;
}

export interface ParseThroughput {
  /** Typed and profiled. */
  oursMBs: number;
  /** Typed only. */
  oursParseMBs: number;
  papaMBs: number;
  splitMBs: number;
}

export async function parseThroughput(megabytes: number, repeats: number, contenders: ParseContenders): Promise<ParseThroughput> {
  const [ours, oursParse, papa, split]: number[][] = [[], [], [], []];
  for (let i = 0; i < repeats; i++) {
    contenders.collect();
    papa.push(await timed(() => contenders.papa()));
    contenders.collect();
    let table: Table | undefined;
    oursParse.push(await timed(async () => (table = await contenders.ours())));
    ours.push(oursParse[i] + (await timed(() => profileTable(table as Table))));
    contenders.collect();
    split.push(await timed(() => contenders.split()));
  }
  return { oursMBs: megabytes / median(ours), oursParseMBs: megabytes / median(oursParse), papaMBs: megabytes / median(papa), splitMBs: megabytes / median(split) };
}

/** Ours once, with `used()` memory sampled after every chunk and at the end: the peak beyond the start, or null where nothing measures memory. */
export async function oursPeak(source: Uint8Array | Blob, used: () => number | undefined, collect: () => void): Promise<number | null> {
  collect();
  const base = used();
  if (base === undefined) return null;
  let peak = 0;
  const sample = () => (peak = Math.max(peak, (used() ?? base) - base));
  const { table } = await parseCsv(source, { onProgress: sample });
  sample();
  profileTable(table);
  sample();
  return peak;
}
