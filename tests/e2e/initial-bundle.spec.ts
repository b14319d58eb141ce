/**
 * What the page loads before its first paint: the production build's index.html, its entry script,
 * every module the entry imports statically (transitively) and every modulepreload. That set holds
 * no TensorFlow.js code and stays within 350 kB before compression; models, the canvas and charts
 * load when they are first used, TensorFlow.js only in the engine worker.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.env.PW_DIST ?? 'dist';
const LIMIT_BYTES = 350 * 1024;

/** Strings only TensorFlow.js's own code contains (its error messages and package names). */
const TFJS_MARKERS = ['not registered for backend', 'Tensor is disposed', 'tfjs-layers', 'tfjs-core'];

/** A chunk's own files: relative (or /assets/) references to .js files, as Vite writes them. */
const CHUNK = String.raw`(?:\.{1,2}/|/assets/)[\w./-]+\.js`;

/** `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`; `import("./x.js")` (lazy) is not followed. */
function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(new RegExp(String.raw`(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["'\x60](${CHUNK})["'\x60]`, 'g'))) found.add(m[1]);
  return [...found];
}

/** `import("./x.js")`, in any quotes. */
function lazyImports(code: string): string[] {
  return [...code.matchAll(new RegExp(String.raw`import\(\s*["'\x60](${CHUNK})["'\x60]\s*\)`, 'g'))].map((m) => m[1]);
}

/** `new URL("./x.js", import.meta.url)`: a nested worker's entry (the engine's pool workers), as Vite writes it. */
function workerEntries(code: string): string[] {
  return [...code.matchAll(new RegExp(String.raw`new URL\(\s*(?:/\*[^*]*\*/\s*)?["'\x60](${CHUNK})["'\x60]`, 'g'))].map((m) => m[1]);
}

function assetPath(ref: string, from: string): string {
  return ref.startsWith('/') ? join(dist, ref) : join(from, '..', ref);
}

test('the initial JavaScript holds no TensorFlow.js and is at most 350 kB', () => {
  expect(existsSync(join(dist, 'index.html')), 'run `npm run build` first').toBe(true);
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const roots = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => join(dist, m[1]));
  expect(roots.length).toBeGreaterThan(0);
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const ref of staticImports(readFileSync(file, 'utf8'))) queue.push(assetPath(ref, file));
  }
  let bytes = 0;
  for (const file of seen) {
    const code = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(code);
    for (const marker of TFJS_MARKERS) expect(code.includes(marker), `${file} contains TensorFlow.js ("${marker}")`).toBe(false);
  }
  expect(bytes, `initial JavaScript: ${[...seen].join(', ')}`).toBeLessThanOrEqual(LIMIT_BYTES);

  // The markers do find TensorFlow.js where it is: the engine worker's chunk.
  const worker = readdirSync(join(dist, 'assets')).find((f) => /^engine\.worker-.*\.js$/.test(f));
  expect(worker).toBeDefined();
  const workerCode = readFileSync(join(dist, 'assets', worker as string), 'utf8');
  for (const marker of TFJS_MARKERS) expect(workerCode.includes(marker), marker).toBe(true);
});

test('no chunk outside the engine worker holds TensorFlow.js: model implementations are built for the worker only', () => {
  const assets = join(dist, 'assets');
  const workerEntry = readdirSync(assets).find((f) => /^engine\.worker-.*\.js$/.test(f)) as string;
  // Everything the worker reaches, statically, lazily or in its own nested workers (the pool's, which run AutoML's networks on WASM).
  const reached = new Set<string>();
  const queue = [join(assets, workerEntry)];
  while (queue.length) {
    const file = queue.pop() as string;
    if (reached.has(file) || !existsSync(file)) continue;
    reached.add(file);
    const code = readFileSync(file, 'utf8');
    for (const ref of [...staticImports(code), ...lazyImports(code), ...workerEntries(code)]) queue.push(assetPath(ref, file));
  }
  const elsewhere = readdirSync(assets)
    .filter((f) => f.endsWith('.js') && !reached.has(join(assets, f)))
    .filter((f) => TFJS_MARKERS.some((m) => readFileSync(join(assets, f), 'utf8').includes(m)));
  expect(elsewhere).toEqual([]);
});
