/**
 * Browser benchmarks: builds tests/bench/browser (the studio's own workers and core), serves it on
 * 127.0.0.1, and measures in Debian's Chromium (the flags of ../shared/ENVIRONMENT.md).
 */
import { chromium } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import type { GpuRow } from './fused-vs-tfjs';

const configFile = fileURLToPath(new URL('./browser.vite.config.ts', import.meta.url));

export interface BrowserBench {
  predict: { rows: number; features: number; batchRowsPerSecond: number; singleRowMsInWorker: number; singleRowMsRoundTrip: number };
  train: {
    rows: { backend: string; bare: number; studio: number; ratio: number; rows: number }[];
    unavailable: string[];
    auto: { backend: string; msPerStep?: Record<string, number> };
    webgpuAdapter: { fallback: boolean | null; vendor: string } | null;
  };
  parse: BrowserParseBench;
  /** The default pipeline (logistic regression, L-BFGS) run in the engine worker, Run to metrics. */
  linear: { rows: number; features: number; firstSeconds: number; seconds: number };
}

/** CSV File → typed, profiled table in a worker; peakExtraMB is null where the browser does not report its heap. */
export interface BrowserParseBench {
  megabytes: number;
  oursMBs: number;
  /** Without the profile: File to typed table. */
  oursParseMBs: number;
  papaMBs: number;
  splitMBs: number;
  peakExtraMB: number | null;
}

type Call = <T>(name: string, ...args: unknown[]) => Promise<T>;

/** Build and serve the bench page, open it in Chromium, and hand `work` a way to call its benches. */
async function withBenchPage<T>(work: (call: Call) => Promise<T>): Promise<T> {
  await build({ configFile });
  const server = await preview({ configFile });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--enable-unsafe-webgpu',
      // Exact heap figures and gc() for the parse bench's memory peak.
      '--enable-precise-memory-info', '--js-flags=--expose-gc',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto('http://127.0.0.1:4174/');
    await page.waitForFunction(() => 'benches' in window);
    type Benches = Record<string, (...args: unknown[]) => Promise<unknown>>;
    const call: Call = <R>(name: string, ...args: unknown[]) =>
      page.evaluate(({ name, args }) => (window as unknown as { benches: Benches }).benches[name](...args), { name, args }) as Promise<R>;
    return await work(call);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

/** The fused trainer vs tfjs-webgpu in Chromium's WebGPU, on the bench page's main thread. */
export function benchBrowserGpu(layers: readonly number[], batches: readonly number[], seconds: number): Promise<{ adapter: string; rows: GpuRow[] }> {
  return withBenchPage((call) => {
    process.stderr.write('  browser: fused trainer vs tfjs-webgpu\n');
    return call<{ adapter: string; rows: GpuRow[] }>('gpuBench', layers, batches, seconds);
  });
}

export function benchBrowserParse(rows: number, repeats: number): Promise<BrowserParseBench> {
  return withBenchPage((call) => {
    process.stderr.write('  browser: CSV parsing\n');
    return call<BrowserParseBench>('parseBench', rows, repeats);
  });
}

/** The default pipeline (logistic regression by L-BFGS) on 8,000 rows in the engine worker, Run to metrics. */
export function benchBrowserLinear(): Promise<BrowserBench['linear']> {
  return withBenchPage((call) => call<BrowserBench['linear']>('linearBench'));
}

export function benchBrowser(parseRows: number, parseRepeats: number): Promise<BrowserBench> {
  return withBenchPage(async (call) => {
    process.stderr.write('  browser: CSV parsing\n');
    const parse = await call<BrowserParseBench>('parseBench', parseRows, parseRepeats);
    process.stderr.write('  browser: prediction in the engine worker\n');
    const predict = await call<BrowserBench['predict']>('predictBench');
    process.stderr.write('  browser: training per backend\n');
    const train = await call<BrowserBench['train']>('trainBench');
    process.stderr.write('  browser: logistic regression run\n');
    const linear = await call<BrowserBench['linear']>('linearBench');
    return { predict, train, parse, linear };
  });
}
