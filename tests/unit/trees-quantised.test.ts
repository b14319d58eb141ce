/**
 * The quantised walk against the general walk and a plain node-by-node walk, on random ensembles
 * built node by node (numeric and categorical splits, thresholds shared between nodes, at ±∞ and
 * equal to input values, missing values sent either way, several outputs), on rows with missing
 * values, infinities, unknown, negative and fractional category codes. Then the codes themselves,
 * by hand, and the ensembles that must fall back to the general walk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureColumns } from '../../src/core/models/data';
import { assembleEnsemble, type EnsembleHead, type TreeEnsemble } from '../../src/core/models/trees/ensemble';
import { predictRaw, predictRawGeneral, takesQuantisedWalk } from '../../src/core/models/trees/predictor';
import { compileQuantised, quantiseBlock } from '../../src/core/models/trees/quantised-predictor';
import { TreeBuilder, type TreeArrays } from '../../src/core/models/trees/tree';
import { seededRng, type Rng } from '../../src/core/random';
import { nodeByNodeRaw } from '../fixtures/trees/node-walk';

/** Category counts per feature (0: numeric): two numeric features and two categorical ones. */
const COUNTS = [0, 0, 5, 40];
const THRESHOLDS = [-Infinity, -1, 0, 0.25, 0.5, 1, 2, Infinity];

function randomTree(rng: Rng, maxDepth: number, splitChance: number): TreeArrays {
  const builder = new TreeBuilder(1);
  const grow = (id: number, depth: number) => {
    if (depth >= maxDepth || rng() > splitChance) return;
    const feature = Math.floor(rng() * COUNTS.length);
    const count = COUNTS[feature];
    let categories: Uint32Array | null = null;
    if (count > 0) {
      categories = new Uint32Array(Math.ceil(count / 32));
      for (let c = 0; c < count; c++) if (rng() < 0.5) categories[c >>> 5] |= 1 << (c & 31);
    }
    const left = builder.addNode(1, [Math.round(rng() * 200 - 100) / 8]);
    const right = builder.addNode(1, [Math.round(rng() * 200 - 100) / 8]);
    const threshold = rng() < 0.7 ? THRESHOLDS[Math.floor(rng() * THRESHOLDS.length)] : Math.round(rng() * 16 - 8) / 4;
    builder.setSplit(id, { feature, threshold, missingLeft: rng() < 0.5, categories, gain: 1, left, right });
    grow(left, depth + 1);
    grow(right, depth + 1);
  };
  grow(builder.addNode(1, [rng()]), 0);
  return builder.finish();
}

function head(outputs: number, categoryCounts = COUNTS): EnsembleHead {
  return {
    kind: 'hist_gradient_boosting',
    task: outputs === 1 ? 'regression' : 'classification',
    features: categoryCounts.length,
    outputs,
    categoryCounts: Int32Array.from(categoryCounts),
    link: outputs === 1 ? 'identity' : 'softmax',
    aggregation: 'sum',
    baseline: Float64Array.from({ length: outputs }, (_, k) => k / 3),
    valueWidth: 1,
  };
}

function randomEnsemble(seed: number, outputs: number, trees: number): TreeEnsemble {
  const rng = seededRng(seed);
  const list = Array.from({ length: trees }, () => randomTree(rng, 7, 0.8));
  return assembleEnsemble(head(outputs), list, list.map((_, t) => t % outputs));
}

/** Rows that hit thresholds exactly, go beyond them, are missing, or carry codes that are no category. */
function randomRows(seed: number, rows: number): FeatureColumns {
  const rng = seededRng(seed);
  const numeric = () => {
    const u = rng();
    if (u < 0.1) return NaN;
    if (u < 0.5) return [...THRESHOLDS, -0][Math.floor(rng() * 9)];
    return Math.round(rng() * 40 - 20) / 8;
  };
  const code = (count: number) => {
    const u = rng();
    if (u < 0.1) return NaN;
    if (u < 0.2) return [-1, count, count + 3, 1.5, Infinity][Math.floor(rng() * 5)];
    return Math.floor(rng() * count);
  };
  return { rows, columns: COUNTS.map((count) => Float64Array.from({ length: rows }, () => (count > 0 ? code(count) : numeric()))) };
}

describe('the quantised walk', () => {
  it('scores random ensembles exactly as the general walk and as node by node', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(1, 3), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 300 }), (seed, outputs, trees, rows) => {
        const e = randomEnsemble(seed, outputs, trees);
        const x = randomRows(seed + 1, rows);
        expect(takesQuantisedWalk(e)).toBe(true);
        const expected = nodeByNodeRaw(e, x);
        expect(predictRaw(e, x)).toEqual(expected);
        expect(predictRawGeneral(e, x)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('codes a value by the thresholds below it and a category by its node set, missing values both ways', () => {
    // One tree: x0 ≤ 1 at the root, then x0 ≤ 0 and x2 in {1, 3}; the thresholds of x0 are 0 and 1.
    const builder = new TreeBuilder(1);
    const root = builder.addNode(1, [0]);
    const a = builder.addNode(1, [0]);
    const b = builder.addNode(1, [0]);
    builder.setSplit(root, { feature: 0, threshold: 1, missingLeft: true, categories: null, gain: 1, left: a, right: b });
    const c = builder.addNode(1, [1]);
    const d = builder.addNode(1, [2]);
    builder.setSplit(a, { feature: 0, threshold: 0, missingLeft: false, categories: null, gain: 1, left: c, right: d });
    const g = builder.addNode(1, [3]);
    const h = builder.addNode(1, [4]);
    builder.setSplit(b, { feature: 2, threshold: 0, missingLeft: false, categories: Uint32Array.of(0b1010), gain: 1, left: g, right: h });
    const e = assembleEnsemble({ ...head(1, [0, 0, 5]), baseline: Float64Array.of(0) }, [builder.finish()], [0]);
    const q = compileQuantised(e)!;
    expect(q.columns.map((column) => column.feature)).toEqual([2, 0]);
    const x0 = [-Infinity, -1, 0, 0.5, 1, 2, Infinity, NaN];
    const x2 = [1, 3, 0, 2, 4, 5, 2.5, NaN];
    const codes = new Uint16Array(8 * 4);
    quantiseBlock(q, { rows: 8, columns: [Float64Array.from(x0), new Float64Array(8), Float64Array.from(x2)] }, 0, 8, codes, 4, new Int32Array(8));
    const column = (c: number, copy: number) => Array.from({ length: 8 }, (_, i) => codes[i * 4 + 2 * c + copy]);
    // x0: 1 + #{t < v} over t ∈ {0, 1}; missing 0 in one copy, the top code 4095 in the other.
    expect(column(1, 0)).toEqual([1, 1, 1, 2, 2, 3, 3, 0]);
    expect(column(1, 1)).toEqual([1, 1, 1, 2, 2, 3, 3, 4095]);
    // x2 in the set {1, 3}: 1; another category: 2; 5 (unknown), 2.5 and NaN: missing.
    expect(column(0, 0)).toEqual([1, 1, 2, 2, 2, 0, 0, 0]);
    expect(column(0, 1)).toEqual([1, 1, 2, 2, 2, 4095, 4095, 4095]);
    const x = { rows: 8, columns: [Float64Array.from(x0), new Float64Array(8), Float64Array.from(x2)] };
    expect([...predictRaw(e, x)]).toEqual([1, 1, 1, 2, 2, 4, 4, 2]);
    expect(predictRaw(e, x)).toEqual(nodeByNodeRaw(e, x));
  });

  it('leaves to the general walk what its word cannot hold: several values per leaf, wide trees, thousands of thresholds', () => {
    const e = randomEnsemble(5, 1, 3);
    const x = randomRows(6, 50);
    const shares = { ...e, valueWidth: 2, outputs: 2, baseline: new Float64Array(2), task: 'classification' as const, link: 'identity' as const, aggregation: 'mean' as const, nodes: { ...e.nodes, value: Float64Array.from({ length: 2 * e.nodes.value.length }, (_, i) => i % 7) } };
    expect(takesQuantisedWalk(shares)).toBe(false);
    // A complete tree of depth 8: its level 7 is 128 nodes wide, so the first of them has its children 128 nodes on.
    const complete = assembleEnsemble(head(1), [randomTree(seededRng(3), 8, 2)], [0]);
    expect(takesQuantisedWalk(complete)).toBe(false);
    const many = new TreeBuilder(1);
    let node = many.addNode(1, [0]);
    for (let k = 0; k < 4100; k++) {
      const l = many.addNode(1, [k]);
      const r = many.addNode(1, [-k]);
      many.setSplit(node, { feature: 0, threshold: k / 1000, missingLeft: false, categories: null, gain: 1, left: l, right: r });
      node = r;
    }
    const deep = assembleEnsemble(head(1), [many.finish()], [0]);
    expect(takesQuantisedWalk(deep)).toBe(false);
    for (const model of [shares, complete, deep]) expect(predictRaw(model, x)).toEqual(nodeByNodeRaw(model, x));
  });
});
