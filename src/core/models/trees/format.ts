/**
 * A tree ensemble to and from storage: a JSON header and one binary blob, `trees.bin`, holding the
 * typed arrays one after another, little-endian, each starting on an 8-byte boundary, in the order
 * and with the lengths the header's `layout` lists (T trees, N nodes, W bitset words, V values per node):
 *
 *   treeStart int32 T+1 · treeOutput int32 T · feature int32 N · threshold float64 N · left int32 N ·
 *   right int32 N · flags uint8 N · categoryStart int32 N · cover float64 N · gain float64 N ·
 *   value float64 N·V · categoryBits uint32 W
 *
 * Decoding trusts nothing: the header must describe the model the caller expects, the layout must be
 * exactly the one these counts imply, the blob's CRC-32 must match the header's (any altered byte is
 * caught there), and every node must be sound (feature in range, children inside
 * its tree and after it — so no cycle —, each node reached once, bitsets inside the bit array, every
 * number finite), so that a truncated or altered file is refused with a message naming what is wrong
 * rather than crashing or predicting NaN. No training rows are stored.
 */
import type { Task } from '../../values';
import { treeCount, type Aggregation, type Link, type TreeEnsemble, type TreeModelKind } from './ensemble';
import { CATEGORICAL, MISSING_LEFT } from './tree';

export const ENSEMBLE_FORMAT = 'pipeline-studio/tree-ensemble';
export const ENSEMBLE_VERSION = 1;
export const ENSEMBLE_BLOB = 'trees.bin';

type ArrayType = 'int32' | 'uint32' | 'uint8' | 'float64';
const BYTES: Record<ArrayType, number> = { int32: 4, uint32: 4, uint8: 1, float64: 8 };

interface ArraySpec {
  name: string;
  type: ArrayType;
  offset: number;
  length: number;
}

const KINDS: readonly TreeModelKind[] = ['hist_gradient_boosting', 'random_forest', 'decision_tree'];

function layoutFor(trees: number, nodes: number, words: number, valueWidth: number): { arrays: ArraySpec[]; bytes: number } {
  const fields: [string, ArrayType, number][] = [
    ['treeStart', 'int32', trees + 1],
    ['treeOutput', 'int32', trees],
    ['feature', 'int32', nodes],
    ['threshold', 'float64', nodes],
    ['left', 'int32', nodes],
    ['right', 'int32', nodes],
    ['flags', 'uint8', nodes],
    ['categoryStart', 'int32', nodes],
    ['cover', 'float64', nodes],
    ['gain', 'float64', nodes],
    ['value', 'float64', nodes * valueWidth],
    ['categoryBits', 'uint32', words],
  ];
  let offset = 0;
  const arrays = fields.map(([name, type, length]) => {
    const spec = { name, type, offset, length };
    offset = Math.ceil((offset + length * BYTES[type]) / 8) * 8;
    return spec;
  });
  return { arrays, bytes: offset };
}

function arraysOf(e: TreeEnsemble): Record<string, ArrayLike<number>> {
  return { treeStart: e.treeStart, treeOutput: e.treeOutput, ...e.nodes };
}

export function encodeEnsemble(e: TreeEnsemble): { header: Record<string, unknown>; blobs: Record<string, Uint8Array> } {
  const layout = layoutFor(treeCount(e), e.nodes.feature.length, e.nodes.categoryBits.length, e.valueWidth);
  const bytes = new Uint8Array(layout.bytes);
  const view = new DataView(bytes.buffer);
  const source = arraysOf(e);
  for (const spec of layout.arrays) {
    const values = source[spec.name];
    const size = BYTES[spec.type];
    for (let i = 0; i < spec.length; i++) {
      const at = spec.offset + i * size;
      if (spec.type === 'float64') view.setFloat64(at, values[i], true);
      else if (spec.type === 'int32') view.setInt32(at, values[i], true);
      else if (spec.type === 'uint32') view.setUint32(at, values[i], true);
      else view.setUint8(at, values[i]);
    }
  }
  const header = {
    format: ENSEMBLE_FORMAT,
    version: ENSEMBLE_VERSION,
    kind: e.kind,
    task: e.task,
    features: e.features,
    outputs: e.outputs,
    link: e.link,
    aggregation: e.aggregation,
    valueWidth: e.valueWidth,
    baseline: [...e.baseline],
    categoryCounts: [...e.categoryCounts],
    learningRate: 'folded into the node values',
    trees: treeCount(e),
    nodes: e.nodes.feature.length,
    categoryWords: e.nodes.categoryBits.length,
    layout: { blob: ENSEMBLE_BLOB, byteOrder: 'little-endian', bytes: layout.bytes, crc32: crc32(bytes), arrays: layout.arrays },
  };
  return { header, blobs: { [ENSEMBLE_BLOB]: bytes } };
}

export interface EnsembleExpectation {
  features: number;
  outputs: number;
  task: Task;
}

class Refused extends Error {
  constructor(what: string) {
    super(`The tree model is damaged or not the one expected: ${what}.`);
    this.name = 'InvalidTreeModel';
  }
}

function count(header: Record<string, unknown>, key: string, min = 0): number {
  const v = header[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new Refused(`"${key}" is ${JSON.stringify(v)}, not a whole number ≥ ${min}`);
  return v;
}

function finiteList(header: Record<string, unknown>, key: string, length: number, check: (v: number) => boolean = Number.isFinite): number[] {
  const v = header[key];
  if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && check(x))) throw new Refused(`"${key}" must list ${length} valid numbers`);
  return v as number[];
}

/** The link and aggregation each kind and task must use, and the raw and value widths they imply. */
function expectedShape(kind: TreeModelKind, task: Task, outputs: number): { link: Link; aggregation: Aggregation; rawWidth: number; valueWidth: number } {
  if (kind === 'hist_gradient_boosting') {
    if (task === 'regression') return { link: 'identity', aggregation: 'sum', rawWidth: 1, valueWidth: 1 };
    return outputs === 2 ? { link: 'logistic', aggregation: 'sum', rawWidth: 1, valueWidth: 1 } : { link: 'softmax', aggregation: 'sum', rawWidth: outputs, valueWidth: 1 };
  }
  return { link: 'identity', aggregation: 'mean', rawWidth: outputs, valueWidth: outputs };
}

export function decodeEnsemble(header: Record<string, unknown>, blobs: Record<string, Uint8Array>, expect: EnsembleExpectation): TreeEnsemble {
  if (header.format !== ENSEMBLE_FORMAT) throw new Refused(`format is ${JSON.stringify(header.format)}, not "${ENSEMBLE_FORMAT}"`);
  if (header.version !== ENSEMBLE_VERSION) throw new Refused(`format version ${JSON.stringify(header.version)} is not ${ENSEMBLE_VERSION}, the one this version of the app reads`);
  const kind = header.kind as TreeModelKind;
  if (!KINDS.includes(kind)) throw new Refused(`kind ${JSON.stringify(header.kind)} is not one of ${KINDS.join(', ')}`);
  if (header.task !== expect.task) throw new Refused(`it is a ${JSON.stringify(header.task)} model, a ${expect.task} model was expected`);
  const features = count(header, 'features', 1);
  if (features !== expect.features) throw new Refused(`it takes ${features} features, ${expect.features} were expected`);
  const outputs = count(header, 'outputs', 1);
  if (outputs !== expect.outputs) throw new Refused(`it has ${outputs} outputs, ${expect.outputs} were expected`);
  if (expect.task === 'classification' ? outputs < 2 : outputs !== 1) throw new Refused(`${outputs} outputs do not fit a ${expect.task} model`);
  const shape = expectedShape(kind, expect.task, outputs);
  for (const key of ['link', 'aggregation', 'valueWidth'] as const) {
    if (header[key] !== shape[key]) throw new Refused(`"${key}" is ${JSON.stringify(header[key])}; a ${kind} ${expect.task} model has ${JSON.stringify(shape[key])}`);
  }
  const baseline = finiteList(header, 'baseline', shape.rawWidth);
  const categoryCounts = finiteList(header, 'categoryCounts', features, (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31);
  const trees = count(header, 'trees', 1);
  const nodes = count(header, 'nodes', 1);
  const words = count(header, 'categoryWords');
  const layout = layoutFor(trees, nodes, words, shape.valueWidth);
  const stated = header.layout as { blob?: unknown; byteOrder?: unknown; bytes?: unknown; crc32?: unknown; arrays?: unknown } | undefined;
  if (!stated || stated.blob !== ENSEMBLE_BLOB || stated.byteOrder !== 'little-endian' || stated.bytes !== layout.bytes || JSON.stringify(stated.arrays) !== JSON.stringify(layout.arrays)) {
    throw new Refused(`the layout does not match ${trees} trees of ${nodes} nodes in all`);
  }
  const blob = blobs[ENSEMBLE_BLOB];
  if (!(blob instanceof Uint8Array)) throw new Refused(`the file ${ENSEMBLE_BLOB} is missing`);
  if (blob.length !== layout.bytes) throw new Refused(`${ENSEMBLE_BLOB} holds ${blob.length} bytes, ${layout.bytes} were expected (truncated or altered)`);
  if (crc32(blob) !== stated.crc32) throw new Refused(`${ENSEMBLE_BLOB} does not match its checksum (altered or corrupted)`);
  const arrays = readArrays(blob, layout.arrays);
  const ensemble: TreeEnsemble = {
    kind,
    task: expect.task,
    features,
    outputs,
    categoryCounts: Int32Array.from(categoryCounts),
    link: shape.link,
    aggregation: shape.aggregation,
    baseline: Float64Array.from(baseline),
    valueWidth: shape.valueWidth,
    treeStart: arrays.treeStart as Int32Array,
    treeOutput: arrays.treeOutput as Int32Array,
    nodes: {
      feature: arrays.feature as Int32Array,
      threshold: arrays.threshold as Float64Array,
      left: arrays.left as Int32Array,
      right: arrays.right as Int32Array,
      flags: arrays.flags as Uint8Array,
      categoryStart: arrays.categoryStart as Int32Array,
      categoryBits: arrays.categoryBits as Uint32Array,
      cover: arrays.cover as Float64Array,
      gain: arrays.gain as Float64Array,
      value: arrays.value as Float64Array,
    },
  };
  checkEnsemble(ensemble, shape.rawWidth);
  return ensemble;
}

function readArrays(blob: Uint8Array, specs: ArraySpec[]): Record<string, Int32Array | Uint32Array | Uint8Array | Float64Array> {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out: Record<string, Int32Array | Uint32Array | Uint8Array | Float64Array> = {};
  for (const spec of specs) {
    const size = BYTES[spec.type];
    if (spec.type === 'float64') {
      const a = new Float64Array(spec.length);
      for (let i = 0; i < a.length; i++) a[i] = view.getFloat64(spec.offset + i * size, true);
      out[spec.name] = a;
    } else if (spec.type === 'int32') {
      const a = new Int32Array(spec.length);
      for (let i = 0; i < a.length; i++) a[i] = view.getInt32(spec.offset + i * size, true);
      out[spec.name] = a;
    } else if (spec.type === 'uint32') {
      const a = new Uint32Array(spec.length);
      for (let i = 0; i < a.length; i++) a[i] = view.getUint32(spec.offset + i * size, true);
      out[spec.name] = a;
    } else out[spec.name] = blob.slice(spec.offset, spec.offset + spec.length);
  }
  return out;
}

/** Every structural promise prediction relies on; throws naming the first one broken. */
export function checkEnsemble(e: TreeEnsemble, rawWidth = e.baseline.length): void {
  const { treeStart, treeOutput, nodes } = e;
  const total = nodes.feature.length;
  const words = nodes.categoryBits.length;
  if (treeStart[0] !== 0 || treeStart[treeStart.length - 1] !== total) throw new Refused('the trees do not cover the nodes');
  const parents = new Uint8Array(total);
  for (let t = 0; t < treeStart.length - 1; t++) {
    const start = treeStart[t];
    const end = treeStart[t + 1];
    if (!(end > start)) throw new Refused(`tree ${t} has no nodes`);
    if (!(treeOutput[t] >= 0 && treeOutput[t] + e.valueWidth <= rawWidth)) throw new Refused(`tree ${t} adds to raw score ${treeOutput[t]}, outside 0 … ${rawWidth - 1}`);
    for (let i = start; i < end; i++) {
      const where = `tree ${t}, node ${i - start}`;
      for (let j = 0; j < e.valueWidth; j++) if (!Number.isFinite(nodes.value[i * e.valueWidth + j])) throw new Refused(`${where} has a value that is not a finite number`);
      if (!(nodes.cover[i] >= 0 && Number.isFinite(nodes.cover[i]))) throw new Refused(`${where} has cover ${nodes.cover[i]}`);
      if (!Number.isFinite(nodes.gain[i])) throw new Refused(`${where} has gain ${nodes.gain[i]}`);
      const f = nodes.feature[i];
      if (f === -1) {
        if (nodes.left[i] !== -1 || nodes.right[i] !== -1 || nodes.flags[i] !== 0 || nodes.categoryStart[i] !== -1) throw new Refused(`${where} is a leaf with children or flags`);
        continue;
      }
      if (!(f >= 0 && f < e.features)) throw new Refused(`${where} splits on feature ${f}; the model has ${e.features}`);
      const { left, right } = { left: nodes.left[i], right: nodes.right[i] };
      if (!(left > i && left < end && right > i && right < end && left !== right)) throw new Refused(`${where} has children ${left} and ${right} outside its tree or not after it`);
      parents[left]++;
      parents[right]++;
      const flags = nodes.flags[i];
      if ((flags & ~(MISSING_LEFT | CATEGORICAL)) !== 0) throw new Refused(`${where} has unknown flags ${flags}`);
      const categories = e.categoryCounts[f];
      if (((flags & CATEGORICAL) !== 0) !== categories > 0) throw new Refused(`${where} splits feature ${f} as ${categories > 0 ? 'a number, but it is categorical' : 'categories, but it is numeric'}`);
      if (categories > 0) {
        const at = nodes.categoryStart[i];
        if (!(at >= 0 && at + Math.ceil(categories / 32) <= words)) throw new Refused(`${where} has its category set outside the bit array`);
      } else {
        if (nodes.categoryStart[i] !== -1) throw new Refused(`${where} is numeric but points at a category set`);
        if (Number.isNaN(nodes.threshold[i])) throw new Refused(`${where} has threshold NaN`);
      }
    }
    for (let i = start + 1; i < end; i++) if (parents[i] !== 1) throw new Refused(`tree ${t}, node ${i - start} is reached ${parents[i]} times, not once`);
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zip and PNG use): catches every altered byte and every burst up to 32 bits. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
