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
import { bareSplit } from '../generate-csv';
import { oursPeak, parseThroughput } from '../parse-rounds';

function papaChunked(file: File): Promise<void> {
  return new Promise((resolve, reject) =>
    Papa.parse(file, { header: false, dynamicTyping: false, skipEmptyLines: true, chunkSize: CHUNK_BYTES, chunk: () => {}, complete: () => resolve(), error: reject }),
  );
}

const heap = () => (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
const collect = () => (globalThis as { gc?: () => void }).gc?.();

async function run(blob: Blob, repeats: number) {
  const file = new File([blob], 'bench.csv', { type: 'text/csv' });
  const megabytes = file.size / 1e6;
  const throughput = await parseThroughput(megabytes, repeats, {
    collect,
    papa: () => papaChunked(file),
    ours: async () => (await parseCsv(file)).table,
    split: async () => bareSplit(await file.text()),
  });
  const peak = await oursPeak(file, heap, collect);
  return { megabytes, ...throughput, peakExtraMB: peak === null ? null : peak / 1e6 };
}

const api = { run };
export type ParseBenchApi = typeof api;
Comlink.expose(api);
