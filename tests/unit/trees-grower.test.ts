/** Boosting trees grow leaf-wise within their limits: max_leaf_nodes, max_depth, min_samples_leaf. */
import { describe, expect, it } from 'vitest';
import type { TrainingSet } from '../../src/core/models/data';
import type { TreeEnsemble } from '../../src/core/models/trees/ensemble';
import { fitGradientBoosting } from '../../src/core/models/trees/gradient-boosting';
import { seededRng } from '../../src/core/random';

function wavy(n: number): TrainingSet {
  const rng = seededRng(5);
  const x0 = Float64Array.from({ length: n }, () => rng() * 10);
  const x1 = Float64Array.from({ length: n }, () => rng() * 10);
  const y = Float64Array.from(x0, (v, i) => Math.sin(v) * 3 + Math.cos(x1[i] * 2) + rng());
  return { task: 'regression', rows: n, columns: [x0, x1], features: [{ name: 'x0' }, { name: 'x1' }], y };
}

/** Per tree: leaves, depth, and the smallest leaf cover. */
function shape(e: TreeEnsemble, t: number) {
  const { feature, left, right, cover } = e.nodes;
  const depth = new Map<number, number>([[e.treeStart[t], 0]]);
  let leaves = 0;
  let deepest = 0;
  let smallest = Infinity;
  for (let i = e.treeStart[t]; i < e.treeStart[t + 1]; i++) {
    const d = depth.get(i)!;
    deepest = Math.max(deepest, d);
    if (feature[i] < 0) {
      leaves++;
      smallest = Math.min(smallest, cover[i]);
    } else {
      depth.set(left[i], d + 1);
      depth.set(right[i], d + 1);
    }
  }
  return { leaves, deepest, smallest };
}

describe('boosting trees', () => {
  const data = wavy(2000);
  it('grow to max_leaf_nodes leaves when splits keep gaining', async () => {
    const { ensemble } = await fitGradientBoosting(data, { max_iter: 3, max_leaf_nodes: 7, early_stopping: 'off' });
    for (let t = 0; t < 3; t++) expect(shape(ensemble, t).leaves).toBe(7);
  });

  it('stop at max_depth', async () => {
    const { ensemble } = await fitGradientBoosting(data, { max_iter: 3, max_depth: 2, max_leaf_nodes: 31, early_stopping: 'off' });
    for (let t = 0; t < 3; t++) expect(shape(ensemble, t)).toMatchObject({ deepest: 2, leaves: 4 });
  });

  it('leave at least min_samples_leaf rows in every leaf', async () => {
    const { ensemble } = await fitGradientBoosting(data, { max_iter: 3, min_samples_leaf: 150, max_leaf_nodes: 63, early_stopping: 'off' });
    for (let t = 0; t < 3; t++) expect(shape(ensemble, t).smallest).toBeGreaterThanOrEqual(150);
  });

  it('split leaf-wise: a node is split only after every node with a larger gain', async () => {
    const { ensemble } = await fitGradientBoosting(data, { max_iter: 1, max_leaf_nodes: 12, early_stopping: 'off' });
    // Nodes are numbered in creation order, so the splits happened in the order of their children's indices.
    const { feature, left, gain } = ensemble.nodes;
    const splits = [...feature.keys()].filter((i) => feature[i] >= 0).sort((a, b) => left[a] - left[b]);
    for (let k = 1; k < splits.length; k++) {
      const parentOfLater = splits[k];
      // A node split later was available (created) before, unless it was created by the previous split.
      const createdBefore = parentOfLater < left[splits[k - 1]];
      if (createdBefore) expect(gain[parentOfLater]).toBeLessThanOrEqual(gain[splits[k - 1]] + 1e-9);
    }
    // Covers add up: every split's children hold its rows.
    for (const i of splits) expect(ensemble.nodes.cover[left[i]] + ensemble.nodes.cover[ensemble.nodes.right[i]]).toBe(ensemble.nodes.cover[i]);
  });
});
