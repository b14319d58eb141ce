/**
 * `npm run bench:gpu [-- --batches 256,1024 --json --no-browser]`: ms per training step of the fused
 * WebGPU trainer vs TensorFlow.js's WebGPU backend on the same adapter, same model (MLP
 * 32→256→256→10, relu, softmax cross-entropy, Adam, fp32), same initial weights and batch, data
 * resident on the GPU, in one run (tests/bench/fused-vs-tfjs.ts). Node + Dawn (the `webgpu`
 * package); without a GPU it runs on SwiftShader (set below when unset). Then, where Chromium is
 * installed, the same comparison in Chromium's WebGPU (tests/bench/gpu-browser.ts, batches up to 1024).
 * With --json the output ends with one line: {adapter, rows:[{batch, ours_ms, tfjs_ms, ratio, …}], browser?}.
 */
import { create, globals } from 'webgpu';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { batches: { type: 'string' }, json: { type: 'boolean', default: false }, seconds: { type: 'string' }, 'no-browser': { type: 'boolean', default: false } } });
const layers = (process.env.GPUBENCH_LAYERS ?? '32,256,256,10').split(',').map(Number);
const batches = (args.batches ?? process.env.GPUBENCH_BATCHES ?? '256,1024,8192').split(',').map(Number);
/** Each side is timed for at least this long (and at least a few steps) after its warm-up. */
const seconds = Number(args.seconds ?? 3);
const say = (line: string) => process.stderr.write(`${line}\n`);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

process.env.VK_DRIVER_FILES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
process.env.XDG_RUNTIME_DIR ??= '/tmp';
Object.assign(globalThis, globals);
const gpu = create((process.env.GPUBENCH_DAWN ?? '').split(';').filter(Boolean));
// tfjs-backend-webgpu finds WebGPU through navigator.gpu; this also keeps `gpu` reachable (Dawn aborts if it is collected).
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });

// Dynamic imports: tfjs-backend-webgpu registers itself only if navigator.gpu exists when it loads.
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { adapterName, compareAt, describeRow } = await import('./fused-vs-tfjs');

if (!(await tf.setBackend('webgpu'))) throw new Error('The tfjs WebGPU backend did not initialise');
const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error('No WebGPU adapter');
const device = await adapter.requestDevice();
const name = adapterName(adapter);
say(`Node + Dawn, adapter: ${name}; MLP ${layers.join('→')}, Adam, fp32`);

const rows = [];
for (const batch of batches) {
  const row = await compareAt(adapter, device, layers, batch, seconds);
  rows.push(row);
  say(describeRow(row));
}
device.destroy();

// The browser's run has its own process (Vite builds the page, Playwright drives Chromium); a machine
// without Chromium (the packed GPU bench) skips it.
let browser: unknown;
if (!args['no-browser'] && existsSync(chromium)) {
  const inBrowser = batches.filter((b) => b <= 1024).join(',');
  const out = execFileSync('npx', ['tsx', 'tests/bench/gpu-browser.ts', '--batches', inBrowser, '--seconds', String(seconds)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  browser = JSON.parse(out.trim().split('\n').at(-1) ?? 'null');
}
if (args.json) process.stdout.write(`${JSON.stringify({ adapter: name, rows, ...(browser ? { browser } : {}) })}\n`);
// Dawn can keep Node alive.
process.exit(0);
