/**
 * `npm run bench:gpu [-- --batches 256,1024 --json]`: ms per training step of the fused WebGPU trainer
 * vs TensorFlow.js's WebGPU backend on the same adapter, same model (MLP 32→256→256→10, relu, softmax
 * cross-entropy, Adam, fp32), same initial weights and batch, data resident on the GPU, in one run.
 * Node + Dawn (the `webgpu` package); without a GPU it runs on SwiftShader (set below when unset).
 * With --json the output ends with one line: {adapter, rows:[{batch, ours_ms, tfjs_ms, ratio}]}.
 */
import { create, globals } from 'webgpu';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { batches: { type: 'string' }, json: { type: 'boolean', default: false }, seconds: { type: 'string' } } });
const layers = (process.env.GPUBENCH_LAYERS ?? '32,256,256,10').split(',').map(Number);
const batches = (args.batches ?? process.env.GPUBENCH_BATCHES ?? '256,1024,8192').split(',').map(Number);
/** Each side is timed for at least this long (and at least a few steps) after its warm-up. */
const seconds = Number(args.seconds ?? 3);
const say = (line: string) => process.stderr.write(`${line}\n`);

process.env.VK_DRIVER_FILES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
process.env.XDG_RUNTIME_DIR ??= '/tmp';
Object.assign(globalThis, globals);
const gpu = create((process.env.GPUBENCH_DAWN ?? '').split(';').filter(Boolean));
// tfjs-backend-webgpu finds WebGPU through navigator.gpu; this also keeps `gpu` reachable (Dawn aborts if it is collected).
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });

// Dynamic imports: tfjs-backend-webgpu registers itself only if navigator.gpu exists when it loads.
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-webgpu');
const { netFromModel } = await import('../../src/core/webgpu/net');
const { packWeights } = await import('../../src/core/webgpu/layers-model');
const { FusedTrainer } = await import('../../src/core/webgpu/trainer');
const { seededRng } = await import('../../src/core/random');

if (!(await tf.setBackend('webgpu'))) throw new Error('The tfjs WebGPU backend did not initialise');
const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error('No WebGPU adapter');
const device = await adapter.requestDevice();
const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
const adapterName = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') + (info.isFallbackAdapter ? ' (fallback)' : '');
say(`adapter: ${adapterName}; MLP ${layers.join('→')}, Adam, fp32`);

function buildModel(): import('@tensorflow/tfjs').Sequential {
  const model = tf.sequential();
  layers.slice(1).forEach((units, i) => {
    const last = i === layers.length - 2;
    model.add(tf.layers.dense({ units, activation: last ? 'softmax' : 'relu', inputShape: i === 0 ? [layers[0]] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: i + 1 }) }));
  });
  return model;
}

function data(batch: number) {
  const rng = seededRng(batch);
  const x = Float32Array.from({ length: batch * layers[0] }, () => rng() * 2 - 1);
  const y = Int32Array.from({ length: batch }, () => Math.floor(rng() * layers.at(-1)!));
  return { x, y };
}

/** Median ms per step over timed rounds (at least two, and at least `seconds` of them), after one warm-up round (shader compiles). */
async function time(round: () => Promise<number>, stepsPerRound: number): Promise<{ ms: number; firstLoss: number }> {
  const firstLoss = await round();
  const samples: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (samples.length < 2 || (performance.now() < until && samples.length < 50)) {
    const start = performance.now();
    await round();
    samples.push((performance.now() - start) / stepsPerRound);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], firstLoss };
}

async function ours(batch: number, x: Float32Array, y: Int32Array, init: Float32Array, net: import('../../src/core/webgpu/net').NetSpec) {
  const trainer = await FusedTrainer.create(device, net, { x, y: Float32Array.from(y), classWeights: new Float32Array(layers.at(-1)!).fill(1), indices: batch }, batch, 1);
  try {
    trainer.setIndices(0, Uint32Array.from({ length: batch }, (_, i) => i));
    trainer.writeParams(init);
    // A chunk of steps per pass and submit, the loss read back once per chunk: how the studio trains
    // (fewer per round at large batches, where one step is long enough to time on a software adapter).
    const steps = Array.from({ length: Math.max(2, Math.min(10, Math.round(4096 / batch))) }, () => ({ offset: 0, rows: batch, train: true, lr: 1e-3, scale: 1 / batch }));
    return await time(async () => (await trainer.run(steps))[0], steps.length);
  } finally {
    trainer.destroy();
  }
}

async function tfjs(batch: number, x: Float32Array, y: Int32Array, model: import('@tensorflow/tfjs').Sequential) {
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const xs = tf.tensor2d(x, [batch, layers[0]]);
  const ys = tf.oneHot(tf.tensor1d(y, 'int32'), layers.at(-1)!).toFloat();
  try {
    // trainOnBatch reads the loss back every step, as model.fit does.
    return await time(async () => (await model.trainOnBatch(xs, ys)) as number, 1);
  } finally {
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
  }
}

const rows: { batch: number; ours_ms: number; tfjs_ms: number; ratio: number }[] = [];
for (const batch of batches) {
  const { x, y } = data(batch);
  const model = buildModel();
  const read = netFromModel(model, 'adam');
  if ('reason' in read) throw new Error(read.reason);
  const init = packWeights(model);
  const a = await ours(batch, x, y, init, read.net);
  const b = await tfjs(batch, x, y, model);
  model.dispose();
  const row = { batch, ours_ms: +a.ms.toFixed(3), tfjs_ms: +b.ms.toFixed(3), ratio: +(b.ms / a.ms).toFixed(1) };
  rows.push(row);
  say(
    `batch ${String(batch).padStart(5)}: ours ${a.ms.toFixed(2)} ms/step (${Math.round((batch * 1000) / a.ms)} samples/s), tfjs-webgpu ${b.ms.toFixed(2)} ms/step (${Math.round((batch * 1000) / b.ms)} samples/s), ${row.ratio}× | first loss ${a.firstLoss.toFixed(6)} vs ${b.firstLoss.toFixed(6)}`,
  );
}
if (args.json) process.stdout.write(`${JSON.stringify({ adapter: adapterName, rows })}\n`);
device.destroy();
// Dawn can keep Node alive.
process.exit(0);
