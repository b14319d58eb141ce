/**
 * WGSL for one training step of a dense net, generated per net so every size and offset is a
 * constant: one forward kernel per hidden layer (matmul + bias + activation + dropout), one head
 * kernel (logits, softmax/sigmoid/identity, loss and output gradient), one input-gradient kernel per
 * hidden layer, one weight-gradient kernel for all layers writing per-tile partial sums, and one
 * optimiser kernel that reduces those partials and updates the packed parameters (no atomics).
 * A chunk of steps ends with one reduce kernel turning per-workgroup loss partials into one loss per step.
 */
import { paramLayout, type Activation, type NetSpec } from './net';

export type BufferName = 'params' | 'x' | 'y' | 'idx' | 'cw' | 'acts' | 'derivs' | 'dz' | 'partial' | 'm' | 'v' | 'lossPart' | 'penPart' | 'losses';

export interface Kernel {
  label: string;
  code: string;
  /** Storage buffers in binding order (binding 0 is the per-step uniform when `step` is set). */
  buffers: readonly (readonly [BufferName, 'read' | 'rw'])[];
  step: boolean;
  workgroups: readonly [number, number];
}

/** Rows per weight-gradient partial sum: the optimiser adds ceil(batch / TILE_ROWS) partials per parameter. */
export const TILE_ROWS = 256;
const WG = 64;
/**
 * Workgroup barriers cost a coroutine switch per invocation on SwiftShader (a 77k-parameter
 * optimiser step took 300 ms with a barrier tree, 3 ms without), so no kernel uses them: losses
 * and penalties are left per row / per invocation and summed by the reduce kernel once per chunk.
 */
const MAX_OPT_GROUPS = 256;

/** Bytes between per-step uniforms: WebGPU's default minUniformBufferOffsetAlignment. */
export const STEP_STRIDE = 256;

/** The per-step uniform, as the host writes it (see Trainer.writeSteps). */
const STEP_STRUCT = `struct Step { offset: u32, rows: u32, seed: u32, slot: u32, lr: f32, c1: f32, c2: f32, scale: f32, mode: u32 }`;

export interface Geometry {
  /** Most rows in one step (the batch size; evaluation goes in chunks of this many). */
  batch: number;
  /** Steps per chunk (one uniform slot and one loss each). */
  slots: number;
  features: number;
  tiles: number;
  /** Invocations of the optimiser kernel, each updating every optThreads-th parameter. */
  optThreads: number;
  /** The most rows and columns of outputs one matmul invocation accumulates (see blockFor). */
  registerBlock: RegisterBlock;
  /** Whether any layer has an L1/L2 penalty (to add to the training loss). */
  penalized: boolean;
  params: number;
  /** Offsets of each hidden layer's outputs in `acts`/`derivs`, and of every layer's gradient in `dz`. */
  hidden: number[];
  grad: number[];
  actsSize: number;
  dzSize: number;
}

/**
 * 8 on a software adapter: loads, not multiply-adds, bound the kernels there (SwiftShader fetches
 * each lane's element on its own), so an invocation takes as big a block as the layer fills and one
 * step over k loads 16 values for 64 multiply-adds. 4 on a GPU, where the same matmul then spreads
 * over four times the workgroups, which a GPU's many cores need at small batches.
 */
export type RegisterBlock = 4 | 8;

export function geometry(net: NetSpec, batch: number, slots: number, registerBlock: RegisterBlock): Geometry {
  const hidden: number[] = [];
  const grad: number[] = [];
  let acts = 0;
  let dz = 0;
  net.layers.forEach((l, i) => {
    if (i < net.layers.length - 1) {
      hidden.push(acts);
      acts += batch * l.units;
    }
    grad.push(dz);
    dz += batch * l.units;
  });
  const params = paramLayout(net).total;
  return {
    batch,
    slots,
    features: net.layers[0].inputs,
    tiles: Math.ceil(batch / TILE_ROWS),
    optThreads: Math.min(Math.ceil(params / WG), MAX_OPT_GROUPS) * WG,
    registerBlock,
    penalized: net.layers.some((l) => l.l1 > 0 || l.l2 > 0),
    params,
    hidden,
    grad,
    actsSize: Math.max(acts, 1),
    dzSize: dz,
  };
}

const u = (n: number) => `${n >>> 0}u`;
const f = (n: number) => {
  const s = Math.fround(n).toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
};

function declare(k: Omit<Kernel, 'code' | 'workgroups' | 'label'>): string {
  const lines = k.step ? [STEP_STRUCT, '@group(0) @binding(0) var<uniform> st: Step;'] : [];
  k.buffers.forEach(([name, access], i) => {
    const type = name === 'idx' ? 'u32' : 'f32';
    lines.push(`@group(0) @binding(${i + 1}) var<storage, ${access === 'rw' ? 'read_write' : 'read'}> ${name}: array<${type}>;`);
  });
  return lines.join('\n');
}

/** Where layer `l` reads row r's inputs: the data rows through the index buffer, or the previous layer's outputs. */
function inputOf(g: Geometry, net: NetSpec, l: number): { src: BufferName; base: (r: string) => string } {
  if (l === 0) return { src: 'x', base: (r) => `idx[st.offset + ${r}] * ${u(g.features)}` };
  return { src: 'acts', base: (r) => `${u(g.hidden[l - 1])} + ${r} * ${u(net.layers[l].inputs)}` };
}

/** a = act(z) and d = act'(z), on vec4s (four units of one row at once). */
function activation(act: Activation): string {
  switch (act) {
    case 'relu':
      return 'let a = max(z, vec4(0.0)); var d = select(vec4(0.0), vec4(1.0), z > vec4(0.0));';
    // Through exp(-2|z|), which cannot overflow, instead of a builtin tanh that may for large |z|.
    case 'tanh':
      return 'let e = exp(-2.0 * abs(z)); let a = sign(z) * (1.0 - e) / (1.0 + e); var d = 1.0 - a * a;';
    case 'sigmoid':
      return 'let a = 1.0 / (1.0 + exp(-z)); var d = a * (1.0 - a);';
    case 'linear':
      return 'let a = z; var d = vec4(1.0);';
  }
}

const HASH = `
fn pcg(v: u32) -> u32 {
  let s = v * 747796405u + 2891336453u;
  let w = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
  return (w >> 22u) ^ w;
}
fn unit(seed: u32, layer: u32, at: u32) -> f32 {
  return f32(pcg(pcg(seed ^ (layer * 2654435769u)) ^ at) >> 8u) / 16777216.0;
}`;

/** Rows × columns of outputs one invocation accumulates in registers; columns come in vec4s. */
interface Block {
  rows: number;
  cols: number;
}

/** A matmul's block for `rows` × `cols` outputs: up to the register block, where the layer fills it. */
const blockFor = (rows: number, cols: number, most: RegisterBlock): Block => ({ rows: most === 8 && rows >= 8 ? 8 : 4, cols: most === 8 && cols >= 32 ? 8 : 4 });

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The accumulator holding row q, column c of a block (columns 4v..4v+3 share a vec4). */
const acc = (q: number, c: number) => `acc${q}_${c >> 2}[${c & 3}]`;

/**
 * A register block of a product: acc{q}_{v} (a vec4 of columns 4v..4v+3 of row q) += A(q, k) · B(k, col)
 * over k. Loads use clamped indices and stay in range; the caller stores only the valid rows and columns.
 */
function block(k: string, from: string, to: string, size: Block, a: (row: number) => string, b: (col: number) => string, perK = ''): string {
  const vecs = range(size.cols / 4);
  return `${range(size.rows)
    .map((q) => vecs.map((v) => `var acc${q}_${v} = vec4(0.0);`).join(' '))
    .join('\n  ')}
  for (var ${k} = ${from}; ${k} < ${to}; ${k}++) {
    ${perK}
    ${vecs.map((v) => `let b${v} = vec4(${range(4).map((c) => b(4 * v + c)).join(', ')});`).join('\n    ')}
    ${range(size.rows)
      .map((q) => `let a${q} = ${a(q)};\n    ${vecs.map((v) => `acc${q}_${v} += a${q} * b${v};`).join(' ')}`)
      .join('\n    ')}
  }`;
}

/** One statement per vec4 accumulator of a block: `statement(q, v)` for row q and columns 4v..4v+3. */
const eachVec = (size: Block, statement: (q: number, v: number) => string) =>
  range(size.rows)
    .flatMap((q) => range(size.cols / 4).map((v) => statement(q, v)))
    .join('\n  ');

/** let c0..c{n-1} = first + c · step, clamped to below `limit`, for in-range loads. */
const clamped = (name: string, n: number, first: string, limit: number, step = 1) => range(n).map((c) => `let ${name}${c} = min(${first} + ${u(c * step)}, ${u(limit - 1)});`).join('\n  ');

function forwardKernel(net: NetSpec, g: Geometry, l: number): Kernel {
  const layer = net.layers[l];
  const at = paramLayout(net);
  const input = inputOf(g, net, l);
  const size = blockFor(g.batch, layer.units, g.registerBlock);
  const buffers = [['params', 'read'], ...(l === 0 ? ([['x', 'read'], ['idx', 'read']] as const) : []), ['acts', 'rw'], ['derivs', 'rw']] as const;
  const keep = 1 - layer.dropout;
  const dropout =
    layer.dropout > 0
      ? `if (st.mode == 0u) {
        if (unit(st.seed, ${u(l)}, r * ${u(layer.units)} + j) < ${f(layer.dropout)}) { hc = 0.0; dc = 0.0; } else { hc = hc * ${f(1 / keep)}; dc = dc * ${f(1 / keep)}; }
      }`
      : '';
  const code = `${declare({ buffers, step: true })}
${HASH}
/** Activation, dropout and store of four units of row r: j0, j0 + 8, j0 + 16, j0 + 24. */
fn finish(r: u32, j0: u32, zin: vec4<f32>) {
  if (r >= st.rows) { return; }
  let z = zin + vec4(${[0, 1, 2, 3].map((c) => `params[${u(at.bias[l])} + min(j0 + ${u(8 * c)}, ${u(layer.units - 1)})]`).join(', ')});
  ${activation(layer.activation)}
  for (var c = 0u; c < 4u; c++) {
    let j = j0 + 8u * c;
    if (j < ${u(layer.units)}) {
      var hc = a[c];
      var dc = d[c];
      ${dropout}
      let o = ${u(g.hidden[l])} + r * ${u(layer.units)} + j;
      acts[o] = hc;
      derivs[o] = dc;
    }
  }
}

// A workgroup covers 8 · cols units × 8 · rows rows; neighbouring invocations take neighbouring
// units (column c of a block is unit j0 + 8c), so their weight loads are contiguous.
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let j0 = wid.x * ${u(8 * size.cols)} + lid.x;
  let r0 = gid.y * ${u(size.rows)};
  if (j0 >= ${u(layer.units)} || r0 >= st.rows) { return; }
  let last = st.rows - 1u;
  ${range(size.rows).map((q) => `let base${q} = ${input.base(`min(r0 + ${u(q)}, last)`)};`).join('\n  ')}
  ${clamped('jc', size.cols, 'j0', layer.units, 8)}
  ${block('i', '0u', u(layer.inputs), size, (q) => `${input.src}[base${q} + i]`, (c) => `params[${u(at.kernel[l])} + i * ${u(layer.units)} + jc${c}]`)}
  ${eachVec(size, (q, v) => `finish(r0 + ${u(q)}, j0 + ${u(32 * v)}, acc${q}_${v});`)}
}`;
  return { label: `forward ${l}`, code, buffers, step: true, workgroups: [Math.ceil(layer.units / (8 * size.cols)), Math.ceil(g.batch / (8 * size.rows))] };
}

/** Loss and output gradient from the logits already in dz[out..]; mode 0 writes the gradient, otherwise the outputs. */
function headLoss(net: NetSpec, classes: number): string {
  const eps = f(1e-7);
  const one = f(1 - 1e-7);
  switch (net.head) {
    case 'softmax':
      return `var m = dz[out];
    for (var k = 1u; k < ${u(classes)}; k++) { m = max(m, dz[out + k]); }
    var s = 0.0;
    for (var k = 0u; k < ${u(classes)}; k++) { let e = exp(dz[out + k] - m); dz[out + k] = e; s += e; }
    let cls = u32(yv);
    let w = select(cw[cls], 1.0, st.mode != 0u);
    loss = -log(clamp(dz[out + cls] / s, ${eps}, ${one})) * w * st.scale;
    for (var k = 0u; k < ${u(classes)}; k++) {
      let p = dz[out + k] / s;
      dz[out + k] = select(w * st.scale * (p - select(0.0, 1.0, k == cls)), p, st.mode != 0u);
    }`;
    case 'sigmoid':
      return `let p = 1.0 / (1.0 + exp(-dz[out]));
    let w = select(cw[u32(yv)], 1.0, st.mode != 0u);
    loss = -(yv * log(clamp(p, ${eps}, ${one})) + (1.0 - yv) * log(clamp(1.0 - p, ${eps}, ${one}))) * w * st.scale;
    dz[out] = select(w * st.scale * (p - yv), p, st.mode != 0u);`;
    case 'linear':
      return `let e = dz[out] - yv;
    loss = e * e * st.scale;
    dz[out] = select(2.0 * e * st.scale, dz[out], st.mode != 0u);`;
  }
}

/**
 * The output layer, for a few rows per invocation: logits as a register block over every class (the
 * classes' weights are loaded once for all the rows), then each row's loss and output gradient.
 */
function headKernel(net: NetSpec, g: Geometry): Kernel {
  const l = net.layers.length - 1;
  const layer = net.layers[l];
  const at = paramLayout(net);
  const input = inputOf(g, net, l);
  const cols = Math.ceil(layer.units / 4) * 4;
  // Up to 64 accumulators, so wide heads do not spill.
  const size: Block = { rows: Math.max(1, Math.min(4, Math.floor(64 / cols))), cols };
  const weighted = net.head !== 'linear';
  const buffers = [['params', 'read'], ...(l === 0 ? ([['x', 'read']] as const) : ([['acts', 'read']] as const)), ['idx', 'read'], ['y', 'read'], ...(weighted ? ([['cw', 'read']] as const) : []), ['dz', 'rw'], ['lossPart', 'rw']] as const;
  const code = `${declare({ buffers, step: true })}
/** Classes k0..k0 + 3 of row r's logits. */
fn logits(r: u32, k0: u32, z: vec4<f32>) {
  if (r >= st.rows) { return; }
  for (var c = 0u; c < 4u; c++) {
    let k = k0 + c;
    if (k < ${u(layer.units)}) { dz[${u(g.grad[l])} + r * ${u(layer.units)} + k] = z[c] + params[${u(at.bias[l])} + k]; }
  }
}

/** Row r's loss (and its output gradient in place of the logits); none past the step's rows. */
fn rowLoss(r: u32) -> f32 {
  if (r >= st.rows) { return 0.0; }
  let out = ${u(g.grad[l])} + r * ${u(layer.units)};
  let yv = y[idx[st.offset + r]];
  var loss = 0.0;
  ${headLoss(net, layer.units)}
  return loss;
}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r0 = gid.x * ${u(size.rows)};
  if (r0 >= ${u(g.batch)}) { return; }
  if (r0 < st.rows) {
    let last = st.rows - 1u;
    ${range(size.rows).map((q) => `let base${q} = ${input.base(`min(r0 + ${u(q)}, last)`)};`).join('\n    ')}
    ${block('i', '0u', u(layer.inputs), size, (q) => `${input.src}[base${q} + i]`, (c) => `params[${u(at.kernel[l])} + i * ${u(layer.units)} + ${u(Math.min(c, layer.units - 1))}]`)}
    ${eachVec(size, (q, v) => `logits(r0 + ${u(q)}, ${u(4 * v)}, acc${q}_${v});`)}
  }
  ${range(size.rows)
    .map((q) => `if (r0 + ${u(q)} < ${u(g.batch)}) { lossPart[st.slot * ${u(g.batch)} + r0 + ${u(q)}] = rowLoss(r0 + ${u(q)}); }`)
    .join('\n  ')}
}`;
  return { label: 'head', code, buffers, step: true, workgroups: [Math.ceil(g.batch / (WG * size.rows)), 1] };
}

/** dz of hidden layer l-1 from dz of layer l: (dz_l · W_lᵀ) ⊙ act', in blocks of rows × inputs. */
function inputGradKernel(net: NetSpec, g: Geometry, l: number): Kernel {
  const layer = net.layers[l];
  const at = paramLayout(net);
  const size = blockFor(g.batch, layer.inputs, g.registerBlock);
  const buffers = [['params', 'read'], ['derivs', 'read'], ['dz', 'rw']] as const;
  const code = `${declare({ buffers, step: true })}
fn store(r: u32, i0: u32, s: vec4<f32>) {
  if (r >= st.rows) { return; }
  for (var c = 0u; c < 4u; c++) {
    if (i0 + c < ${u(layer.inputs)}) {
      let o = r * ${u(layer.inputs)} + i0 + c;
      dz[${u(g.grad[l - 1])} + o] = s[c] * derivs[${u(g.hidden[l - 1])} + o];
    }
  }
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i0 = gid.x * ${u(size.cols)};
  let r0 = gid.y * ${u(size.rows)};
  if (i0 >= ${u(layer.inputs)} || r0 >= st.rows) { return; }
  let last = st.rows - 1u;
  ${range(size.rows).map((q) => `let z${q} = ${u(g.grad[l])} + min(r0 + ${u(q)}, last) * ${u(layer.units)};`).join('\n  ')}
  ${clamped('ic', size.cols, 'i0', layer.inputs)}
  ${block('k', '0u', u(layer.units), size, (q) => `dz[z${q} + k]`, (c) => `params[${u(at.kernel[l])} + ic${c} * ${u(layer.units)} + k]`)}
  ${eachVec(size, (q, v) => `store(r0 + ${u(q)}, i0 + ${u(4 * v)}, acc${q}_${v});`)}
}`;
  return { label: `input gradient ${l}`, code, buffers, step: true, workgroups: [Math.ceil(layer.inputs / (8 * size.cols)), Math.ceil(g.batch / (8 * size.rows))] };
}

/**
 * A layer's kernel-and-bias gradient is (inputs + 1) rows (the last one is the bias) × units; four
 * neighbouring invocations share a row block and interleave their columns (j0, j0 + 4, …).
 */
const gradBlock = (l: { inputs: number; units: number }, most: RegisterBlock) => blockFor(l.inputs + 1, l.units, most);
const blocksOf = (l: { inputs: number; units: number }, most: RegisterBlock) => {
  const size = gradBlock(l, most);
  return Math.ceil((l.inputs + 1) / size.rows) * Math.ceil(l.units / (4 * size.cols)) * 4;
};

/**
 * Every parameter's gradient summed over one tile of rows, partial[tile · P + p], for all layers in
 * one dispatch: each invocation takes a block of one layer's [inputs + 1, units] gradient, the
 * extra input row being the constant 1 whose gradient is the bias's.
 */
function weightGradKernel(net: NetSpec, g: Geometry): Kernel {
  const at = paramLayout(net);
  const buffers = [['x', 'read'], ['idx', 'read'], ['acts', 'read'], ['dz', 'read'], ['partial', 'rw']] as const;
  let firstBlock = 0;
  const branches = net.layers.map((layer, l) => {
    const input = inputOf(g, net, l);
    const size = gradBlock(layer, g.registerBlock);
    const across = Math.ceil(layer.units / (4 * size.cols));
    const from = firstBlock;
    firstBlock += blocksOf(layer, g.registerBlock);
    const loadIn = (q: number) => `select(${input.src}[base + ic${q}], 1.0, i0 + ${u(q)} >= ${u(layer.inputs)})`;
    const stores = range(size.rows).flatMap((a) =>
      range(size.cols).map(
        (c) => `if (i0 + ${u(a)} <= ${u(layer.inputs)} && j0 + ${u(4 * c)} < ${u(layer.units)}) { partial[dst + ${u(a * layer.units + 4 * c)}] = ${acc(a, c)}; }`,
      ),
    );
    return `if (b < ${u(firstBlock)}) {
    let q = b - ${u(from)};
    let i0 = (q / ${u(across * 4)}) * ${u(size.rows)};
    let j0 = ((q / 4u) % ${u(across)}) * ${u(4 * size.cols)} + q % 4u;
    ${clamped('ic', size.rows, 'i0', layer.inputs)}
    ${clamped('jc', size.cols, 'j0', layer.units, 4)}
    ${block('r', 'r0', 'r1', size, loadIn, (c) => `dz[zr + jc${c}]`, `let base = ${input.base('r')};\n    let zr = ${u(g.grad[l])} + r * ${u(layer.units)};`)}
    let dst = t * ${u(g.params)} + ${u(at.kernel[l])} + i0 * ${u(layer.units)} + j0;
    ${stores.join('\n    ')}
  }`;
  });
  const code = `${declare({ buffers, step: true })}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let b = gid.x;
  let t = gid.y;
  let r0 = t * ${u(TILE_ROWS)};
  let r1 = min(st.rows, r0 + ${u(TILE_ROWS)});
  ${branches.join(' else ')}
}`;
  return { label: 'weight gradient', code, buffers, step: true, workgroups: [Math.ceil(firstBlock / WG), g.tiles] };
}

function update(net: NetSpec): string {
  switch (net.optimizer) {
    case 'adam':
      return `let m1 = 0.9 * m[p] + 0.1 * grad;
    let v1 = 0.999 * v[p] + 0.001 * grad * grad;
    m[p] = m1;
    v[p] = v1;
    w -= st.lr * (m1 / st.c1) / (sqrt(v1 / st.c2) + 1e-7);`;
    case 'sgd':
      return `let a = 0.9 * m[p] + grad;
    m[p] = a;
    w -= st.lr * a;`;
    case 'rmsprop':
      return `let ms = 0.9 * v[p] + 0.1 * grad * grad;
    v[p] = ms;
    w -= st.lr * grad / sqrt(ms + 1e-7);`;
  }
}

/** Sums the partials, adds the L1/L2 gradient and updates; also leaves the penalty (at the old weights) per invocation. */
function optimiserKernel(net: NetSpec, g: Geometry): Kernel {
  const at = paramLayout(net);
  const buffers = [['params', 'rw'], ['partial', 'read'], ...(net.optimizer === 'rmsprop' ? [] : ([['m', 'rw']] as const)), ...(net.optimizer === 'sgd' ? [] : ([['v', 'rw']] as const)), ['penPart', 'rw']] as const;
  const penalties = net.layers
    .map((l, i) => (l.l1 > 0 || l.l2 > 0 ? `if (p >= ${u(at.kernel[i])} && p < ${u(at.bias[i])}) { l1 = ${f(l.l1)}; l2 = ${f(l.l2)}; }` : ''))
    .filter(Boolean)
    .join('\n    ');
  const code = `${declare({ buffers, step: true })}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  var total = 0.0;
  for (var p = gid.x; p < ${u(g.params)}; p += ${u(g.optThreads)}) {
    var grad = 0.0;
    for (var t = 0u; t < ${u(g.tiles)}; t++) { grad += partial[t * ${u(g.params)} + p]; }
    var w = params[p];
    var l1 = 0.0;
    var l2 = 0.0;
    ${penalties}
    grad += 2.0 * l2 * w + l1 * sign(w);
    total += l2 * w * w + l1 * abs(w);
    ${update(net)}
    params[p] = w;
  }
  ${g.penalized ? `penPart[st.slot * ${u(g.optThreads)} + gid.x] = total;` : ''}
}`;
  return { label: 'optimiser', code, buffers, step: true, workgroups: [g.optThreads / WG, 1] };
}

function reduceKernel(g: Geometry): Kernel {
  const buffers = [['lossPart', 'read'], ['penPart', 'read'], ['losses', 'rw']] as const;
  const code = `${declare({ buffers, step: false })}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let s = gid.x;
  if (s >= ${u(g.slots)}) { return; }
  var total = 0.0;
  for (var r = 0u; r < ${u(g.batch)}; r++) { total += lossPart[s * ${u(g.batch)} + r]; }
  ${g.penalized ? `for (var w = 0u; w < ${u(g.optThreads)}; w++) { total += penPart[s * ${u(g.optThreads)} + w]; }` : ''}
  losses[s] = total;
}`;
  return { label: 'reduce', code, buffers, step: false, workgroups: [Math.ceil(g.slots / WG), 1] };
}

export interface StepKernels {
  /** Forward through the hidden layers, then the head: what an evaluation step runs. */
  forward: Kernel[];
  /** The rest of a training step, in order. */
  backward: Kernel[];
  reduce: Kernel;
}

export function stepKernels(net: NetSpec, g: Geometry): StepKernels {
  const hidden = net.layers.slice(0, -1).map((_, l) => forwardKernel(net, g, l));
  const inputGrads = net.layers.slice(1).map((_, i) => inputGradKernel(net, g, net.layers.length - 1 - i));
  return {
    forward: [...hidden, headKernel(net, g)],
    backward: [...inputGrads, weightGradKernel(net, g), optimiserKernel(net, g)],
    reduce: reduceKernel(g),
  };
}
