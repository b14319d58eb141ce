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
  headGroups: number;
  optGroups: number;
  params: number;
  /** Offsets of each hidden layer's outputs in `acts`/`derivs`, and of every layer's gradient in `dz`. */
  hidden: number[];
  grad: number[];
  actsSize: number;
  dzSize: number;
}

export function geometry(net: NetSpec, batch: number, slots: number): Geometry {
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
    headGroups: Math.ceil(batch / WG),
    optGroups: Math.ceil(params / WG),
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

/** a = act(z) and d = act'(z) written from a where possible. */
function activation(act: Activation): string {
  switch (act) {
    case 'relu':
      return 'let a = max(z, 0.0); var d = select(0.0, 1.0, z > 0.0);';
    // Through exp(-2|z|), which cannot overflow, instead of a builtin tanh that may for large |z|.
    case 'tanh':
      return 'let e = exp(-2.0 * abs(z)); let a = sign(z) * (1.0 - e) / (1.0 + e); var d = 1.0 - a * a;';
    case 'sigmoid':
      return 'let a = 1.0 / (1.0 + exp(-z)); var d = a * (1.0 - a);';
    case 'linear':
      return 'let a = z; var d = 1.0;';
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

function forwardKernel(net: NetSpec, g: Geometry, l: number): Kernel {
  const layer = net.layers[l];
  const at = paramLayout(net);
  const input = inputOf(g, net, l);
  const buffers = [['params', 'read'], ...(l === 0 ? ([['x', 'read'], ['idx', 'read']] as const) : []), ['acts', 'rw'], ['derivs', 'rw']] as const;
  const keep = 1 - layer.dropout;
  const dropout =
    layer.dropout > 0
      ? `if (st.mode == 0u) {
    if (unit(st.seed, ${u(l)}, r * ${u(layer.units)} + j) < ${f(layer.dropout)}) { h = 0.0; d = 0.0; } else { h = a * ${f(1 / keep)}; d = d * ${f(1 / keep)}; }
  }`
      : '';
  const code = `${declare({ buffers, step: true })}
${HASH}
@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let j = gid.x;
  let r = gid.y;
  if (j >= ${u(layer.units)} || r >= st.rows) { return; }
  let base = ${input.base('r')};
  var z = params[${u(at.bias[l])} + j];
  for (var i = 0u; i < ${u(layer.inputs)}; i++) {
    z += ${input.src}[base + i] * params[${u(at.kernel[l])} + i * ${u(layer.units)} + j];
  }
  ${activation(layer.activation)}
  var h = a;
  ${dropout}
  let o = ${u(g.hidden[l])} + r * ${u(layer.units)} + j;
  acts[o] = h;
  derivs[o] = d;
}`;
  return { label: `forward ${l}`, code, buffers, step: true, workgroups: [Math.ceil(layer.units / 16), Math.ceil(g.batch / 16)] };
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

const REDUCE_TO_SLOT = (dest: string, groups: number) => `
  part[li] = total;
  workgroupBarrier();
  for (var s = ${u(WG / 2)}; s > 0u; s >>= 1u) {
    if (li < s) { part[li] += part[li + s]; }
    workgroupBarrier();
  }
  if (li == 0u) { ${dest}[st.slot * ${u(groups)} + wg.x] = part[0]; }`;

function headKernel(net: NetSpec, g: Geometry): Kernel {
  const l = net.layers.length - 1;
  const layer = net.layers[l];
  const at = paramLayout(net);
  const input = inputOf(g, net, l);
  const weighted = net.head !== 'linear';
  const buffers = [['params', 'read'], ...(l === 0 ? ([['x', 'read']] as const) : ([['acts', 'read']] as const)), ['idx', 'read'], ['y', 'read'], ...(weighted ? ([['cw', 'read']] as const) : []), ['dz', 'rw'], ['lossPart', 'rw']] as const;
  const code = `${declare({ buffers, step: true })}
var<workgroup> part: array<f32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3u) {
  let r = gid.x;
  var total = 0.0;
  if (r < st.rows) {
    let row = idx[st.offset + r];
    let base = ${input.base('r')};
    let out = ${u(g.grad[l])} + r * ${u(layer.units)};
    for (var k = 0u; k < ${u(layer.units)}; k++) {
      var z = params[${u(at.bias[l])} + k];
      for (var i = 0u; i < ${u(layer.inputs)}; i++) {
        z += ${input.src}[base + i] * params[${u(at.kernel[l])} + i * ${u(layer.units)} + k];
      }
      dz[out + k] = z;
    }
    let yv = y[row];
    var loss = 0.0;
    ${headLoss(net, layer.units)}
    total = loss;
  }
  ${REDUCE_TO_SLOT('lossPart', g.headGroups)}
}`;
  return { label: 'head', code, buffers, step: true, workgroups: [g.headGroups, 1] };
}

/** dz of hidden layer l-1 from dz of layer l: (dz_l · W_lᵀ) ⊙ act'. */
function inputGradKernel(net: NetSpec, g: Geometry, l: number): Kernel {
  const layer = net.layers[l];
  const at = paramLayout(net);
  const buffers = [['params', 'read'], ['derivs', 'read'], ['dz', 'rw']] as const;
  const code = `${declare({ buffers, step: true })}
@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let r = gid.y;
  if (i >= ${u(layer.inputs)} || r >= st.rows) { return; }
  let zb = ${u(g.grad[l])} + r * ${u(layer.units)};
  let wb = ${u(at.kernel[l])} + i * ${u(layer.units)};
  var s = 0.0;
  for (var k = 0u; k < ${u(layer.units)}; k++) { s += dz[zb + k] * params[wb + k]; }
  let o = r * ${u(layer.inputs)} + i;
  dz[${u(g.grad[l - 1])} + o] = s * derivs[${u(g.hidden[l - 1])} + o];
}`;
  return { label: `input gradient ${l}`, code, buffers, step: true, workgroups: [Math.ceil(layer.inputs / 16), Math.ceil(g.batch / 16)] };
}

/** Every parameter's gradient summed over one tile of rows: partial[tile · P + p]. */
function weightGradKernel(net: NetSpec, g: Geometry): Kernel {
  const at = paramLayout(net);
  const buffers = [['x', 'read'], ['idx', 'read'], ['acts', 'read'], ['dz', 'read'], ['partial', 'rw']] as const;
  const branches = net.layers.map((layer, l) => {
    const input = inputOf(g, net, l);
    const dzRow = (r: string) => `${u(g.grad[l])} + ${r} * ${u(layer.units)}`;
    return `if (p < ${u(at.bias[l] + layer.units)}) {
    let q = p - ${u(at.kernel[l])};
    if (q < ${u(layer.inputs * layer.units)}) {
      let i = q / ${u(layer.units)};
      let j = q % ${u(layer.units)};
      for (var r = r0; r < r1; r++) { s += ${input.src}[${input.base('r')} + i] * dz[${dzRow('r')} + j]; }
    } else {
      let j = q - ${u(layer.inputs * layer.units)};
      for (var r = r0; r < r1; r++) { s += dz[${dzRow('r')} + j]; }
    }
  }`;
  });
  const code = `${declare({ buffers, step: true })}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let p = gid.x;
  let t = gid.y;
  if (p >= ${u(g.params)}) { return; }
  let r0 = t * ${u(TILE_ROWS)};
  let r1 = min(st.rows, r0 + ${u(TILE_ROWS)});
  var s = 0.0;
  ${branches.join(' else ')}
  partial[t * ${u(g.params)} + p] = s;
}`;
  return { label: 'weight gradient', code, buffers, step: true, workgroups: [g.optGroups, g.tiles] };
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

/** Sums the partials, adds the L1/L2 gradient and updates; also leaves the penalty (at the old weights) per workgroup. */
function optimiserKernel(net: NetSpec, g: Geometry): Kernel {
  const at = paramLayout(net);
  const buffers = [['params', 'rw'], ['partial', 'read'], ...(net.optimizer === 'rmsprop' ? [] : ([['m', 'rw']] as const)), ...(net.optimizer === 'sgd' ? [] : ([['v', 'rw']] as const)), ['penPart', 'rw']] as const;
  const penalties = net.layers
    .map((l, i) => (l.l1 > 0 || l.l2 > 0 ? `if (p >= ${u(at.kernel[i])} && p < ${u(at.bias[i])}) { l1 = ${f(l.l1)}; l2 = ${f(l.l2)}; }` : ''))
    .filter(Boolean)
    .join('\n    ');
  const code = `${declare({ buffers, step: true })}
var<workgroup> part: array<f32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3u) {
  let p = gid.x;
  var total = 0.0;
  if (p < ${u(g.params)}) {
    var grad = 0.0;
    for (var t = 0u; t < ${u(g.tiles)}; t++) { grad += partial[t * ${u(g.params)} + p]; }
    var w = params[p];
    var l1 = 0.0;
    var l2 = 0.0;
    ${penalties}
    grad += 2.0 * l2 * w + l1 * sign(w);
    total = l2 * w * w + l1 * abs(w);
    ${update(net)}
    params[p] = w;
  }
  ${REDUCE_TO_SLOT('penPart', g.optGroups)}
}`;
  return { label: 'optimiser', code, buffers, step: true, workgroups: [g.optGroups, 1] };
}

function reduceKernel(g: Geometry): Kernel {
  const buffers = [['lossPart', 'read'], ['penPart', 'read'], ['losses', 'rw']] as const;
  const code = `${declare({ buffers, step: false })}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let s = gid.x;
  if (s >= ${u(g.slots)}) { return; }
  var total = 0.0;
  for (var w = 0u; w < ${u(g.headGroups)}; w++) { total += lossPart[s * ${u(g.headGroups)} + w]; }
  for (var w = 0u; w < ${u(g.optGroups)}; w++) { total += penPart[s * ${u(g.optGroups)} + w]; }
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
