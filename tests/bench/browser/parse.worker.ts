/**
 * CSV → typed, profiled table in a worker, against bare papaparse (chunked, typing off) and a bare
 * split-on-newlines-and-commas loop over the same bytes, in the same run.
 */
import * as Comlink from 'comlink';
import Papa from 'papaparse';
import { parseCsv } from '../../../src/core/csv/parse';
import { profileTable } from '../../../src/core/table/profile';

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

function bareSplit(text: string): number {
  let cells = 0;
  for (const line of text.split('\n')) cells += line.split(',').length;
  return cells;
}

async function run(blob: Blob) {
  const megabytes = blob.size / 1e6;
  const papa = await timed(
    () =>
      new Promise<void>((resolve, reject) =>
        Papa.parse(blob as File, { header: false, dynamicTyping: false, skipEmptyLines: true, chunkSize: 1 << 20, chunk: () => {}, complete: () => resolve(), error: reject }),
      ),
  );
  const ours = await timed(async () => profileTable((await parseCsv(blob)).table));
  const split = await timed(async () => bareSplit(await blob.text()));
  return { megabytes, oursMBs: megabytes / ours, papaMBs: megabytes / papa, splitMBs: megabytes / split };
}

const api = { run };
export type ParseBenchApi = typeof api;
Comlink.expose(api);
