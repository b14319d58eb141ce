/**
 * A single CART decision tree (scikit-learn's DecisionTreeClassifier/Regressor): the forest's tree
 * grower on all rows, trying every feature at each split by default, grown depth-first, or
 * best-first when max_leaf_nodes is set (scikit-learn's rule).
 */
import type { TrainingSet } from '../data';
import type { FitHooks } from './cooperation';
import { featureImportances, type TreeEnsemble } from './ensemble';
import { resolveDecisionTreeParams, type DecisionTreeParams } from './params';
import { fitForest } from './random-forest';

export interface DecisionTreeFit {
  ensemble: TreeEnsemble;
  leaves: number;
  depth: number;
  importances: Float64Array;
}

export async function fitDecisionTree(data: TrainingSet, values: Partial<DecisionTreeParams> = {}, hooks: FitHooks = {}): Promise<DecisionTreeFit> {
  const p = resolveDecisionTreeParams(values);
  const { ensemble } = await fitForest(data, p, { trees: 1, bootstrap: false, maxLeafNodes: p.max_leaf_nodes, kind: 'decision_tree' }, hooks);
  const { feature, left, right } = ensemble.nodes;
  const depth = new Int32Array(feature.length);
  let leaves = 0;
  for (let i = 0; i < feature.length; i++) {
    if (feature[i] < 0) leaves++;
    else depth[left[i]] = depth[right[i]] = depth[i] + 1;
  }
  let deepest = 0;
  for (const d of depth) deepest = Math.max(deepest, d);
  return { ensemble, leaves, depth: deepest, importances: featureImportances(ensemble) };
}
