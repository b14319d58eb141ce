/**
 * File → typed, profiled table in a worker, against bare papaparse (chunked, typing off) and a
 * bare split-on-newlines-and-commas loop over the same bytes, in the same run. Each is timed a few
 * times, alternating, and the medians compared. Peak memory comes from performance.memory where
 * Chromium exposes it (with --enable-precise-memory-info, as tests/bench/browser.ts launches it).
 */
import * as Comlink from 'comlink';
import Papa from 'papaparse';
import { CHUNK_BYTES } from '../../../src/core/csv/decode';
import { parseCsv } from '../../../src/core/csv/parse';
import { profileTable } from '../../../src/core/table/profile';
import type { Table } from '../../../src/core/table/table';
import { bareSplit } from '../generate-csv';
import { median } from '../stats';

async function timed(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

function papaChunked(file: File): Promise<void> {
  return new Promise((resolve, reject) =>
    Papa.parse(file, { header: false, dynamicTyping: false, skipEmptyLines: true, chunkSize: CHUNK_BYTES, chunk: () => {}, complete: () => resolve(), error: reject }),
  );
}

const heap = () => (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
const collect = () => (globalThis as { gc?: () => void }).gc?.();

/** Ours once, with the heap sampled after every chunk and at the end: the peak beyond the start, or null where unknown. */
async function oursPeak(file: File): Promise<number | null> {
  collect();
  const base = heap();
  if (base === undefined) return null;
  let peak = 0;
  const sample = () => (peak = Math.max(peak, (heap() ?? base) - base));
  const { table } = await parseCsv(file, { onProgress: sample });
  sample();
  profileTable(table);
  sample();
  return peak;
}

async function run(blob: Blob, repeats: number) {
  const file = new File([blob], 'bench.csv', { type: 'text/csv' });
  const megabytes = file.size / 1e6;
  const ours: number[] = [];
  const oursParse: number[] = [];
  const papa: number[] = [];
  const split: number[] = [];
  for (let i = 0; i < repeats; i++) {
    collect();
    papa.push(await timed(() => papaChunked(file)));
    collect();
    let table: Table | undefined;
    oursParse.push(await timed(async () => (table = (await parseCsv(file)).table)));
    ours.push(oursParse[i] + (await timed(() => profileTable(table as Table))));
    collect();
    split.push(await timed(async () => bareSplit(await file.text())));
  }
  const peak = await oursPeak(file);
  return {
    megabytes,
    oursMBs: megabytes / median(ours),
    oursParseMBs: megabytes / median(oursParse),
    papaMBs: megabytes / median(papa),
    splitMBs: megabytes / median(split),
    peakExtraMB: peak === null ? null : peak / 1e6,
  };
}

const api = { run };
export type ParseBenchApi = typeof api;
Comlink.expose(api);
