/**
 * Random forests (Breiman 2001; scikit-learn's RandomForestClassifier/Regressor): many CART trees,
 * each grown on a bootstrap sample of the rows and trying a random subset of features at each split,
 * their outputs averaged: class probabilities are the mean of the trees' leaf class shares, a
 * regression the mean of their leaf means. Features are binned (at most 255 bins, as LightGBM's
 * random-forest mode) so that a node's split search is O(rows) per feature.
 *
 * Each tree's randomness (its bootstrap and its feature draws) comes from a seed derived from the
 * forest's seed and the tree's index, so trees can be grown in any order, in any number of workers,
 * and the forest is the same. The out-of-bag score (accuracy or R² over the rows each tree did not
 * see) is tracked tree by tree when bootstrapping.
 */
import type { TaskPool } from '../../parallel/pool';
import { inSharedMemory } from '../../parallel/pool';
import { seededRng, type Rng } from '../../random';
import type { TrainingSet } from '../data';
import { binColumns, fitBinMapper, type BinMapper } from './binning';
import { CartWorkspace, growCart, type CartSettings } from './cart-grower';
import type { Criterion } from './cart-splitter';
import { balancedClassWeights, checkTrainingSet } from './checks';
import { Cooperation, trainingCancelled, type FitHooks } from './cooperation';
import { assembleEnsemble, featureImportances, type TreeEnsemble, type TreeModelKind } from './ensemble';
import { featuresPerSplit, resolveRandomForestParams, type CartParams, type RandomForestParams } from './params';
import { leavesOf, rowMajor } from './predictor';
import { bootstrapCounts, treeSeed } from './sampling';
import type { TreeArrays } from './tree';

/** Everything a worker needs to grow any tree of the forest (the large arrays in shared memory). */
export interface ForestJob {
  readonly binned: Uint8Array;
  readonly rows: number;
  readonly y: Int32Array | Float64Array;
  /** Per class weight (class_weight='balanced'), or null. */
  readonly classWeights: Float64Array | null;
  readonly mapper: BinMapper;
  readonly categorical: Uint8Array;
  readonly classes: number;
  readonly criterion: Criterion;
  readonly minSamplesLeaf: number;
  readonly settings: CartSettings;
  readonly bootstrap: boolean;
  readonly seed: number;
}

/** The task name under which workers grow one tree of a forest job. */
export const FOREST_TREE_TASK = 'trees.forest-tree';

export interface ForestTreeInput {
  job: ForestJob;
  tree: number;
}

/** Tree `index`'s row weights (bootstrap counts × class weights) and the generator it goes on with. */
function treeSample(job: ForestJob, index: number): { weights: Float64Array; rng: Rng } {
  const rng = seededRng(treeSeed(job.seed, index));
  const counts = job.bootstrap ? bootstrapCounts(rng, job.rows) : null;
  return { weights: rowWeights(job.rows, counts, job.classWeights, job.y), rng };
}

/** Bootstrap counts (or 1) × class weights (or 1): a loop of its own (see partition.ts). */
function rowWeights(rows: number, counts: Uint16Array | null, classWeights: Float64Array | null, y: Int32Array | Float64Array): Float64Array {
  const weights = new Float64Array(rows);
  for (let r = 0; r < rows; r++) weights[r] = (counts ? counts[r] : 1) * (classWeights ? classWeights[y[r]] : 1);
  return weights;
}

/** A pool worker's workspace, kept from one tree task to the next (a worker runs one task at a time, to its end). */
let taskWorkspace: CartWorkspace | undefined;

/** Grows tree `tree` of the job: the task workers run. */
export function growForestTree({ job, tree }: ForestTreeInput): TreeArrays {
  return growTree(job, tree, (taskWorkspace ??= new CartWorkspace()));
}

/** Grows tree `index` of the job; a thread growing several trees passes one workspace along. */
function growTree(job: ForestJob, index: number, workspace: CartWorkspace): TreeArrays {
  const { weights, rng } = treeSample(job, index);
  return growCart(job, job.settings, weights, rng, workspace);
}

export interface RandomForestFit {
  ensemble: TreeEnsemble;
  /** Out-of-bag score after each tree (null while no row has been out of bag), with bootstrap. */
  history: { oobScore: (number | null)[] };
  /** Accuracy (classification) or R² (regression) on the out-of-bag rows; null without bootstrap. */
  oobScore: number | null;
  importances: Float64Array;
}

export async function fitRandomForest(data: TrainingSet, values: Partial<RandomForestParams> = {}, hooks: FitHooks = {}, pool?: TaskPool): Promise<RandomForestFit> {
  const p = resolveRandomForestParams(values);
  const fit = await fitForest(data, p, { trees: p.n_estimators, bootstrap: p.bootstrap, maxLeafNodes: 0, kind: 'random_forest' }, hooks, pool);
  return { ensemble: fit.ensemble, history: { oobScore: fit.oob }, oobScore: p.bootstrap ? (fit.oob.at(-1) ?? null) : null, importances: featureImportances(fit.ensemble) };
}

export interface ForestShape {
  trees: number;
  bootstrap: boolean;
  maxLeafNodes: number;
  kind: TreeModelKind;
}

/** The forest fit shared by random_forest and decision_tree (a forest of one tree without bootstrap). */
export async function fitForest(data: TrainingSet, p: CartParams, shape: ForestShape, hooks: FitHooks, pool?: TaskPool): Promise<{ ensemble: TreeEnsemble; oob: (number | null)[] }> {
  const classes = checkTrainingSet(data, shape.kind);
  const cooperation = new Cooperation(hooks.signal);
  const classification = data.task === 'classification';
  if (!classification && p.criterion !== 'gini') throw new Error(`${shape.kind}: criterion "${p.criterion}" is for classification; a regression tree minimises squared error.`);
  const mapper = fitBinMapper(data, data.features, { maxBins: p.max_bins, seed: p.seed });
  const share = pool ? inSharedMemory : <T>(a: T) => a;
  const job: ForestJob = {
    binned: share(binColumns(mapper, data)),
    rows: data.rows,
    y: share(data.y),
    classWeights: classification && p.class_weight === 'balanced' ? balancedClassWeights(data.y as Int32Array, classes) : null,
    mapper,
    categorical: Uint8Array.from(data.features, (f) => (f.categories ? 1 : 0)),
    classes,
    criterion: classification ? p.criterion : 'squared_error',
    minSamplesLeaf: p.min_samples_leaf,
    settings: {
      maxFeatures: featuresPerSplit(p.max_features, data.features.length, data.task, shape.kind === 'random_forest'),
      maxDepth: p.max_depth,
      minSamplesSplit: p.min_samples_split,
      maxLeafNodes: shape.maxLeafNodes,
    },
    bootstrap: shape.bootstrap,
    seed: p.seed,
  };

  const trees: TreeArrays[] = [];
  const oob = shape.bootstrap ? new OutOfBag(data, job, classification ? classes : 1) : null;
  const history: (number | null)[] = [];
  const accept = (tree: TreeArrays) => {
    if (oob) history.push(oob.add(tree, trees.length));
    trees.push(tree);
    hooks.onProgress?.({ done: trees.length, total: shape.trees, oobScore: history.at(-1) ?? undefined });
  };
  if (pool) await growInPool(pool, job, shape.trees, accept, cooperation, hooks.signal);
  else {
    const workspace = new CartWorkspace();
    for (let t = 0; t < shape.trees; t++) {
      accept(growTree(job, t, workspace));
      await cooperation.breathe();
    }
  }

  const ensemble = assembleEnsemble(
    {
      kind: shape.kind,
      task: data.task,
      features: data.features.length,
      outputs: classification ? classes : 1,
      categoryCounts: mapper.categoryCounts,
      link: 'identity',
      aggregation: 'mean',
      baseline: new Float64Array(classification ? classes : 1),
      valueWidth: classification ? classes : 1,
    },
    trees,
    trees.map(() => 0),
  );
  return { ensemble, oob: history };
}

/**
 * Keeps up to two tasks per thread in flight and accepts finished trees in index order (so the
 * out-of-bag history and the forest do not depend on which worker finished first).
 */
async function growInPool(pool: TaskPool, job: ForestJob, total: number, accept: (tree: TreeArrays) => void, cooperation: Cooperation, signal: AbortSignal | undefined): Promise<void> {
  const done: (TreeArrays | undefined)[] = new Array(total);
  const running = new Set<Promise<void>>();
  const cancel = whenAborted(signal);
  let next = 0;
  let accepted = 0;
  try {
    while (accepted < total) {
      while (next < total && running.size < 2 * pool.size) {
        const index = next++;
        const task: Promise<void> = pool.run<ForestTreeInput, TreeArrays>(FOREST_TREE_TASK, { job, tree: index }).then((tree) => {
          done[index] = tree;
          running.delete(task);
        });
        // A task that fails after the fit has stopped must not become an unhandled rejection.
        task.catch(() => {});
        running.add(task);
      }
      await Promise.race([...running, cancel.promise]);
      cooperation.check();
      while (accepted < total && done[accepted]) {
        accept(done[accepted]!);
        done[accepted++] = undefined;
      }
    }
  } finally {
    cancel.dispose();
  }
}

/** A promise that rejects with an AbortError when the signal fires, and the way to stop listening. */
function whenAborted(signal: AbortSignal | undefined): { promise: Promise<never>; dispose(): void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(trainingCancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => signal?.removeEventListener('abort', onAbort) };
}

/**
 * Out-of-bag predictions accumulated tree by tree, and the score they give, kept up to date row by
 * row (only the rows a tree did not see change): accuracy of the most voted class, or R².
 *
 * Classification sums are kept class by class, each class's rows ordered by their true class: most
 * of a row's votes go to its own class, so the sums a tree adds to lie in one small stretch per
 * class (a few hundred kilobytes in cache) rather than one line per row across rows × classes.
 */
class OutOfBag {
  readonly #sums: Float64Array;
  readonly #counts: Float64Array;
  /** Classification: each row's current predicted class (−1 before it is first out of bag). */
  readonly #predicted: Int32Array;
  /** Classification: row r's sum for class k is #sums[k · rows + #slot[r]]. */
  readonly #slot: Int32Array;
  /** The training rows row-major, for the walks. */
  readonly #x: Float64Array;
  /** The tree's out-of-bag rows, and the leaf each reaches. */
  readonly #rows: Int32Array;
  readonly #leaves: Int32Array;
  #single = new Int32Array(0);
  #seen = 0;
  #correct = 0;
  // Regression: Σ y, Σ y² over the rows seen, and the residual sum of squares.
  #sumY = 0;
  #sumY2 = 0;
  #residual = 0;

  constructor(
    private readonly data: TrainingSet,
    private readonly job: ForestJob,
    private readonly width: number,
  ) {
    this.#sums = new Float64Array(data.rows * width);
    this.#counts = new Float64Array(data.rows);
    this.#predicted = new Int32Array(data.rows).fill(-1);
    this.#slot = data.task === 'classification' ? slotsByClass(data.y as Int32Array, width) : new Int32Array(0);
    this.#x = rowMajor(data.columns, data.rows);
    this.#rows = new Int32Array(data.rows);
    this.#leaves = new Int32Array(data.rows);
  }

  /** Adds tree `index` (its bootstrap regenerated from its seed) and returns the score so far. */
  add(tree: TreeArrays, index: number): number | null {
    const counts = bootstrapCounts(seededRng(treeSeed(this.job.seed, index)), this.data.rows);
    const { y } = this.data;
    const classification = this.data.task === 'classification';
    const single = classification ? this.#singleClasses(tree) : null;
    const rows = this.#rows;
    const leaves = this.#leaves;
    let out = 0;
    for (let r = 0; r < this.data.rows; r++) if (counts[r] === 0) rows[out++] = r;
    leavesOf(tree, this.#x, this.data.columns.length, rows, out, this.job.mapper.categoryCounts, leaves);
    for (let i = 0; i < out; i++) {
      const r = rows[i];
      const leaf = leaves[i];
      const first = this.#counts[r]++ === 0;
      if (first) this.#seen++;
      if (classification) {
        const before = this.#predicted[r];
        const only = single![leaf];
        const at = this.#slot[r];
        const best = only >= 0 ? this.#addShares(tree.value, leaf, at, first ? 0 : before, only, only + 1) : this.#addShares(tree.value, leaf, at, first ? 0 : before, 0, this.width);
        this.#correct += (best === y[r] ? 1 : 0) - (before === y[r] ? 1 : 0);
        this.#predicted[r] = best;
      } else {
        this.#sums[r] += tree.value[leaf];
        if (first) {
          this.#sumY += y[r];
          this.#sumY2 += y[r] * y[r];
        } else this.#residual -= (y[r] - (this.#sums[r] - tree.value[leaf]) / (this.#counts[r] - 1)) ** 2;
        this.#residual += (y[r] - this.#sums[r] / this.#counts[r]) ** 2;
      }
    }
    if (classification) return this.#seen > 0 ? this.#correct / this.#seen : null;
    const total = this.#sumY2 - (this.#sumY * this.#sumY) / this.#seen;
    return this.#seen >= 2 && total > 0 ? 1 - this.#residual / total : null;
  }

  /**
   * Adds a leaf's class shares to a row's sums (the row's class-k sum at #sums[k · rows + at]) and
   * returns the row's most voted class (the first of equals), given the previous one. Sums only
   * grow, so the new maximum is the previous winner or a class the leaf adds to: deep leaves hold
   * one or two classes, and the other shares are skipped (classes [kFrom, kTo) are read: all, or the
   * only one a leaf holds).
   */
  #addShares(shares: Float64Array, leaf: number, at: number, previous: number, kFrom: number, kTo: number): number {
    const sums = this.#sums;
    const stride = this.data.rows;
    const from = leaf * this.width;
    let best = previous;
    for (let k = kFrom; k < kTo; k++) {
      const share = shares[from + k];
      if (share === 0) continue;
      const sum = (sums[k * stride + at] += share);
      const top = sums[best * stride + at];
      if (sum > top || (sum === top && k < best)) best = k;
    }
    return best;
  }

  /**
   * Per node of the tree, the one class its shares hold, or −1 when they hold several: read once per
   * tree in node order, so that a row reaching a pure leaf (most of a grown tree's) reads one share
   * rather than the leaf's whole row of shares from wherever it lies.
   */
  #singleClasses(tree: TreeArrays): Int32Array {
    const nodes = tree.feature.length;
    if (this.#single.length < nodes) this.#single = new Int32Array(2 * nodes);
    const single = this.#single;
    const w = this.width;
    const value = tree.value;
    for (let n = 0; n < nodes; n++) {
      let only = -1;
      // Rows stop at leaves only.
      for (let k = 0; k < w && tree.feature[n] < 0; k++) {
        if (value[n * w + k] === 0) continue;
        only = only === -1 ? k : -2;
      }
      single[n] = only < 0 ? -1 : only;
    }
    return single;
  }
}

/** Each row's place when rows are ordered by class (a counting sort, rows of a class in order). */
function slotsByClass(y: Int32Array, classes: number): Int32Array {
  const next = new Int32Array(classes + 1);
  for (let r = 0; r < y.length; r++) next[y[r] + 1]++;
  for (let k = 0; k < classes; k++) next[k + 1] += next[k];
  const slot = new Int32Array(y.length);
  for (let r = 0; r < y.length; r++) slot[r] = next[y[r]]++;
  return slot;
}
