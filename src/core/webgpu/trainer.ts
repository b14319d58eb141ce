/// <reference types="@webgpu/types" />
/**
 * The GPU side of the fused trainer: buffers, pipelines and bind groups made once, then chunks of
 * steps encoded into one compute pass and one submit each, the per-step batch offset and learning rate
 * read from a uniform slot chosen by a dynamic offset, and the chunk's losses read back once.
 * It takes a GPUDevice, so the same code runs in Node (Dawn) and in the browser's engine worker.
 */
import { geometry, STEP_STRIDE, stepKernels, type BufferName, type Geometry, type Kernel, type RegisterBlock } from './kernels';
import type { NetSpec } from './net';

export interface TrainerData {
  /** Row-major features of every row the trainer may index (training and validation). */
  x: Float32Array;
  /** Class index (as a float) or regression target per row. */
  y: Float32Array;
  /** Loss weight per class (softmax and sigmoid heads); ones when classes are not weighted. */
  classWeights: Float32Array;
  /** Room in the index buffer: the training order followed by the validation rows. */
  indices: number;
}

export interface StepPlan {
  /** Where this step's rows start in the index buffer. */
  offset: number;
  rows: number;
  /** A training step updates the weights; an evaluation step only computes the loss. */
  train: boolean;
  lr: number;
  /** Multiplies each row's loss: 1/rows for a step's mean, 1/N to add chunks up to a mean over N rows. */
  scale: number;
}

const SLOTS = 32;

/** What the person can do when the GPU fails them: every model the fused trainer takes trains on the others too. */
const ELSEWHERE = 'Pick another backend in the Backend menu (WebAssembly trains the same model).';

/**
 * The GPU failed the fused trainer: it could not allocate or build what a model needs (WebGPU
 * reports that as an error event, not an exception, and leaves the objects invalid), or the device
 * was lost mid-run (a driver reset, a GPU process crash). Never a silent run on invalid buffers.
 */
export class GpuFailure extends Error {
  constructor(what: string, cause: string) {
    // The driver's first sentence says what went wrong; the rest is advice for WebGPU programmers.
    const first = cause.split('\n')[0].split('. ')[0].replace(/\.$/, '');
    super(`${what}: ${first}. ${ELSEWHERE}`);
    this.name = 'GpuFailure';
  }
}

/** Run `work` inside out-of-memory and validation error scopes; what the GPU reports there, or a rejection, is a GpuFailure. */
async function checked<T>(device: GPUDevice, what: string, work: () => Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const outcome = await work().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const reported = [await device.popErrorScope(), await device.popErrorScope()].find((e) => e !== null);
  if (reported) throw new GpuFailure(what, reported.message);
  if ('error' in outcome) throw outcome.error instanceof GpuFailure ? outcome.error : new GpuFailure(what, outcome.error instanceof Error ? outcome.error.message : String(outcome.error));
  return outcome.value;
}

type Buffers = Record<BufferName | 'uniform' | 'best' | 'read', GPUBuffer>;
const BETA1 = 0.9;
const BETA2 = 0.999;

interface Pipeline {
  kernel: Kernel;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
}

/** Buffer sizes (in floats) the net needs, to check against the device's limits before allocating. */
function bufferFloats(g: Geometry, rows: number, classes: number, indices: number): Record<BufferName, number> {
  return {
    params: g.params,
    x: rows * g.features,
    y: rows,
    idx: indices,
    cw: classes,
    acts: g.actsSize,
    derivs: g.actsSize,
    dz: g.dzSize,
    partial: g.tiles * g.params,
    m: g.params,
    v: g.params,
    lossPart: g.slots * g.batch,
    penPart: g.slots * g.optThreads,
    losses: g.slots,
  };
}

/** Why this net and data do not fit WebGPU's limits on this device, or undefined when they do. */
export function limitsProblem(limits: GPUSupportedLimits, net: NetSpec, rows: number, batch: number, indices: number): string | undefined {
  // The register block changes no buffer's size.
  const g = geometry(net, batch, SLOTS, 4);
  const max = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const [name, floats] = Object.entries(bufferFloats(g, rows, net.layers.at(-1)?.units ?? 1, indices)).sort((a, b) => b[1] - a[1])[0];
  if (floats * 4 > max) return `a ${((floats * 4) / 2 ** 20).toFixed(0)} MiB ${name} buffer, over this device's ${(max / 2 ** 20).toFixed(0)} MiB limit`;
  // The most workgroups along one dimension: a row block of at least 32 rows each.
  const groups = Math.ceil(batch / 32);
  if (groups > limits.maxComputeWorkgroupsPerDimension) return `${groups} workgroups in one dispatch, over this device's limit of ${limits.maxComputeWorkgroupsPerDimension}`;
  return undefined;
}

export class FusedTrainer {
  readonly #device: GPUDevice;
  readonly #g: Geometry;
  readonly #buffers: Buffers;
  readonly #forward: Pipeline[];
  readonly #backward: Pipeline[];
  readonly #reduce: Pipeline;
  readonly #seed: number;
  readonly #outputs: number;
  readonly #dzHead: number;
  /** Training steps taken: Adam's bias correction and the dropout masks follow it. */
  #t = 0;

  private constructor(device: GPUDevice, g: Geometry, buffers: Buffers, pipelines: { forward: Pipeline[]; backward: Pipeline[]; reduce: Pipeline }, seed: number, net: NetSpec) {
    this.#device = device;
    this.#g = g;
    this.#buffers = buffers;
    this.#forward = pipelines.forward;
    this.#backward = pipelines.backward;
    this.#reduce = pipelines.reduce;
    this.#seed = seed >>> 0;
    this.#outputs = net.layers[net.layers.length - 1].units;
    this.#dzHead = g.grad[g.grad.length - 1];
  }

  /** Buffers, pipelines and bind groups for `net`; a GPU that cannot make them is a GpuFailure, with nothing left allocated. */
  static async create(device: GPUDevice, net: NetSpec, data: TrainerData, batch: number, seed: number, registerBlock: RegisterBlock): Promise<FusedTrainer> {
    const made: GPUBuffer[] = [];
    try {
      return await checked(device, 'The GPU could not set up training', () => FusedTrainer.#build(device, net, data, geometry(net, batch, SLOTS, registerBlock), seed, made));
    } catch (error) {
      for (const buffer of made) buffer.destroy();
      throw error;
    }
  }

  static async #build(device: GPUDevice, net: NetSpec, data: TrainerData, g: Geometry, seed: number, made: GPUBuffer[]): Promise<FusedTrainer> {
    const { batch } = g;
    const rows = data.y.length;
    const floats = bufferFloats(g, rows, data.classWeights.length, data.indices);
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const make = (label: string, bytes: number, usage: number) => {
      const buffer = device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
      made.push(buffer);
      return buffer;
    };
    const buffers = Object.fromEntries(Object.entries(floats).map(([name, n]) => [name, make(name, n * 4, storage)])) as Record<BufferName, GPUBuffer>;
    const all = {
      ...buffers,
      uniform: make('steps', SLOTS * STEP_STRIDE, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
      best: make('best', g.params * 4, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST),
      read: make('read', Math.max(g.params, g.slots, batch * net.layers[net.layers.length - 1].units) * 4, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST),
    };
    device.queue.writeBuffer(all.x, 0, data.x);
    device.queue.writeBuffer(all.y, 0, data.y);
    device.queue.writeBuffer(all.cw, 0, data.classWeights);
    const kernels = stepKernels(net, g);
    const build = async (kernel: Kernel): Promise<Pipeline> => {
      const layout = device.createBindGroupLayout({
        label: kernel.label,
        entries: [
          ...(kernel.step ? [{ binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' as const, hasDynamicOffset: true, minBindingSize: STEP_STRIDE } }] : []),
          ...kernel.buffers.map(([, access], i) => ({ binding: i + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: access === 'rw' ? ('storage' as const) : ('read-only-storage' as const) } })),
        ],
      });
      const pipeline = await device.createComputePipelineAsync({
        label: kernel.label,
        layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module: device.createShaderModule({ label: kernel.label, code: kernel.code }), entryPoint: 'main' },
      });
      const bindGroup = device.createBindGroup({
        layout,
        entries: [
          ...(kernel.step ? [{ binding: 0, resource: { buffer: all.uniform, size: STEP_STRIDE } }] : []),
          ...kernel.buffers.map(([name], i) => ({ binding: i + 1, resource: { buffer: all[name] } })),
        ],
      });
      return { kernel, pipeline, bindGroup };
    };
    const [forward, backward, [reduce]] = await Promise.all([Promise.all(kernels.forward.map(build)), Promise.all(kernels.backward.map(build)), Promise.all([build(kernels.reduce)])]);
    return new FusedTrainer(device, g, all, { forward, backward, reduce }, seed, net);
  }

  /** Write row indices (into the data) at a place in the index buffer: a new epoch's order costs only these. */
  setIndices(at: number, rows: Uint32Array) {
    this.#device.queue.writeBuffer(this.#buffers.idx, at * 4, rows);
  }

  writeParams(params: Float32Array) {
    this.#device.queue.writeBuffer(this.#buffers.params, 0, params);
  }

  async readParams(): Promise<Float32Array> {
    return this.#read(this.#buffers.params, 0, this.#g.params);
  }

  /** Keep a copy of the current weights on the GPU (early stopping's best epoch). */
  saveBest() {
    this.#copy(this.#buffers.params, this.#buffers.best);
  }

  restoreBest() {
    this.#copy(this.#buffers.best, this.#buffers.params);
  }

  /** Run steps in chunks of one pass and one submit; returns each step's loss. Stops between chunks when `stop` says so. */
  async run(steps: readonly StepPlan[], stop?: () => boolean): Promise<Float32Array> {
    const losses = new Float32Array(steps.length);
    for (let start = 0; start < steps.length; start += SLOTS) {
      if (stop?.()) break;
      const chunk = steps.slice(start, start + SLOTS);
      const encoder = this.#encode(chunk);
      encoder.copyBufferToBuffer(this.#buffers.losses, 0, this.#buffers.read, 0, chunk.length * 4);
      losses.set(await this.#submitAndRead(encoder, chunk.length), start);
    }
    return losses;
  }

  /** The net's outputs (class probabilities, or raw values) for rows indexed at `offset`: the forward pass alone. */
  async outputs(offset: number, rows: number): Promise<Float32Array> {
    const result = new Float32Array(rows * this.#outputs);
    for (let done = 0; done < rows; done += this.#g.batch) {
      const n = Math.min(this.#g.batch, rows - done);
      const encoder = this.#encode([{ offset: offset + done, rows: n, train: false, lr: 0, scale: 0 }]);
      encoder.copyBufferToBuffer(this.#buffers.dz, this.#dzHead * 4, this.#buffers.read, 0, n * this.#outputs * 4);
      result.set(await this.#submitAndRead(encoder, n * this.#outputs), done * this.#outputs);
    }
    return result;
  }

  destroy() {
    for (const buffer of Object.values(this.#buffers)) buffer.destroy();
  }

  #encode(chunk: readonly StepPlan[]): GPUCommandEncoder {
    const bytes = new ArrayBuffer(chunk.length * STEP_STRIDE);
    const u32 = new Uint32Array(bytes);
    const f32 = new Float32Array(bytes);
    chunk.forEach((s, slot) => {
      const at = (slot * STEP_STRIDE) / 4;
      if (s.train) this.#t++;
      u32[at] = s.offset;
      u32[at + 1] = s.rows;
      u32[at + 2] = (Math.imul(this.#t, 0x9e3779b9) ^ this.#seed) >>> 0;
      u32[at + 3] = slot;
      f32[at + 4] = s.lr;
      f32[at + 5] = 1 - BETA1 ** this.#t;
      f32[at + 6] = 1 - BETA2 ** this.#t;
      f32[at + 7] = s.scale;
      u32[at + 8] = s.train ? 0 : 1;
    });
    this.#device.queue.writeBuffer(this.#buffers.uniform, 0, bytes);
    const encoder = this.#device.createCommandEncoder();
    // Evaluation steps leave no penalty: their slots must read zero.
    encoder.clearBuffer(this.#buffers.penPart);
    const pass = encoder.beginComputePass();
    chunk.forEach((s, slot) => {
      for (const p of s.train ? [...this.#forward, ...this.#backward] : this.#forward) {
        pass.setPipeline(p.pipeline);
        pass.setBindGroup(0, p.bindGroup, [slot * STEP_STRIDE]);
        pass.dispatchWorkgroups(...p.kernel.workgroups);
      }
    });
    pass.setPipeline(this.#reduce.pipeline);
    pass.setBindGroup(0, this.#reduce.bindGroup);
    pass.dispatchWorkgroups(...this.#reduce.kernel.workgroups);
    pass.end();
    return encoder;
  }

  #copy(from: GPUBuffer, to: GPUBuffer) {
    const encoder = this.#device.createCommandEncoder();
    encoder.copyBufferToBuffer(from, 0, to, 0, this.#g.params * 4);
    this.#device.queue.submit([encoder.finish()]);
  }

  async #read(buffer: GPUBuffer, offset: number, floats: number): Promise<Float32Array> {
    const encoder = this.#device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, offset * 4, this.#buffers.read, 0, floats * 4);
    return this.#submitAndRead(encoder, floats);
  }

  /** Submit the commands and read back the first `floats` of the read buffer; a GPU error or a lost device is a GpuFailure. */
  #submitAndRead(encoder: GPUCommandEncoder, floats: number): Promise<Float32Array> {
    const device = this.#device;
    return checked(device, 'The GPU stopped while training', async () => {
      device.queue.submit([encoder.finish()]);
      const read = this.#buffers.read;
      try {
        await read.mapAsync(GPUMapMode.READ, 0, floats * 4);
      } catch (error) {
        // A lost device rejects every map; say why it was lost when the GPU has told us.
        const lost = await Promise.race([device.lost, Promise.resolve(undefined)]);
        throw lost ? new GpuFailure('The GPU was lost while training', lost.message || lost.reason) : error;
      }
      const values = new Float32Array(read.getMappedRange(0, floats * 4).slice(0));
      read.unmap();
      return values;
    });
  }
}
