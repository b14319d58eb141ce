/**
 * The model contract (DESIGN.md §3): one shape for every model kind, network or not.
 *
 * A kind is a DESCRIPTOR (what the page needs: kind, title, tasks, parameter schema, what inputs it
 * takes natively) plus an IMPLEMENTATION loaded only where models run (the engine worker, Node):
 *
 *   fit(data, params, options, progress, signal) → { artifacts, … }
 *   load(artifacts, model, host?) → scorer;  scorer.score(X) → rows × outputs
 *
 * Artifacts are plain JSON plus named binary blobs, stored in the model file as `model/<name>`.
 * Networks store a standard TensorFlow.js LayersModel (`model.json` + `weights.bin`), trees their
 * nodes as typed arrays, k-nearest neighbours its rows. The executor, the bundle, the model card and
 * prediction see only this contract. This module holds types only: importing it costs the page nothing.
 */
import type { TaskPool } from '../parallel/pool';
import type { ParamsSchema } from '../params';
import type { ParamValue, Task } from '../values';
import type { FeatureColumns, TrainingSet } from './data';
import type { NetworkProbe, NetworkTrainer } from './network/model';

export interface ModelDescriptor {
  readonly kind: string;
  readonly title: string;
  /** One sentence for the palette: what the model is and when to pick it. */
  readonly description: string;
  readonly tasks: readonly Task[];
  readonly params: ParamsSchema;
  /**
   * Problems with parameter values that the schema cannot express (a voting model's members, each
   * a kind with its own parameters), each naming the parameter. `findKind` is the registry's lookup.
   */
  readonly paramProblems?: (params: Record<string, ParamValue>, task: Task, findKind: (kind: string) => ModelDescriptor | undefined) => string[];
  /**
   * What the model reads as it is. Without `categorical`, only numeric columns reach it (the
   * pipeline encodes the rest); without `missing`, a missing value stops the run and asks for an
   * Impute step; without `unscaled`, the default pipeline standardises its features. The default
   * pipeline leaves out the steps a model does not need.
   */
  readonly accepts: { readonly categorical: boolean; readonly missing: boolean; readonly unscaled: boolean };
  /**
   * Whether a model with these parameters holds the training rows themselves in its file (whoever
   * has the file has that data). A function of the parameters: an ensemble holds them when one of
   * its members does. `findKind` is the registry's lookup, as for `paramProblems`.
   */
  readonly keepsTrainingRows: (params: Readonly<Record<string, ParamValue>>, findKind: (kind: string) => ModelDescriptor | undefined) => boolean;
  /** The implementation, loaded on first use where models run; the page never calls it. */
  readonly implementation: () => Promise<ModelImplementation>;
}

/**
 * A fitted model's stored form: `json` entries are written as JSON, `blobs` as bytes, each as
 * `model/<name>` in the model file. JSON names end in `.json`, blob names do not.
 */
export interface ModelArtifacts {
  readonly json: Readonly<Record<string, unknown>>;
  readonly blobs: Readonly<Record<string, Uint8Array>>;
}

/** What a stored model says about itself besides its artifacts (the model file's model-info.json). */
export interface ModelOutline {
  readonly kind: string;
  readonly task: Task;
  /** The model's input columns, in order, after preprocessing. */
  readonly features: readonly string[];
  /** For each categorical input (by name), its categories in code order: what the model's codes mean. */
  readonly categories?: Readonly<Record<string, readonly string[]>>;
  /** Class labels by output index (classification). */
  readonly classes?: readonly string[];
  /** Outputs are `score × std + mean` (a network trained on a standardised target). */
  readonly targetScale?: { readonly mean: number; readonly std: number };
}

/** Where a model trains: the host (engine worker, CLI, tests) lends what it has. */
export interface ComputeHost {
  /**
   * Activates a TensorFlow.js backend: for a network about to train (`probe`), the one its settings
   * pick (timing the candidates for 'auto') and the trainer to use; `pinned` re-activates a backend
   * chosen earlier in the same branch (cross-validation folds). Without this, tfjs's active backend
   * runs and the tfjs training loop trains.
   */
  tfjs?(request: { probe?: NetworkProbe; pinned?: string; log: (message: string) => void }): Promise<{ backend: string; trainer?: NetworkTrainer; msPerStep?: Record<string, number> }>;
  /** Workers for CPU models that train in parallel (tree ensembles); absent: one thread. */
  pool?: TaskPool;
}

export interface FitOptions {
  seed: number;
  host: ComputeHost;
  /** Awaited between iterations: resolves at once unless the run is paused, then when it is resumed. */
  pause?: () => Promise<void>;
  /** A backend chosen for an earlier fit of this branch (cross-validation folds reuse it). */
  pinnedBackend?: string;
}

/** What a fit reports while it runs; the executor turns these into run events. */
export type FitEvent =
  | { type: 'backend'; backend: string; msPerStep?: Record<string, number> }
  /** One epoch, boosting iteration or tree. Networks add tfjs's memory figures. */
  | { type: 'iteration'; unit: 'epoch' | 'iteration' | 'tree'; done: number; total: number; loss?: number; valLoss?: number; samplesPerSecond: number; numTensors?: number; numBytes?: number }
  | { type: 'log'; message: string };

export interface FitResult {
  artifacts: ModelArtifacts;
  /** What trained it, as lineage records it: a tfjs backend, 'webgpu-fused', 'cpu' … */
  backend: string;
  /** Set by kinds that learn a standardised target and answer in its units. */
  targetScale?: { mean: number; std: number };
  /** One line for the run log: what was fitted and how big. */
  summary: string;
}

/** A loaded model: rows in (column-major), rows × outputs out (class probabilities, or values). */
export interface Scorer {
  score(x: FeatureColumns): Promise<Float32Array | Float64Array>;
  /** Releases what the scorer holds (tensors, buffers); it cannot score afterwards. */
  dispose(): void;
}

/** What a fitted model shows about itself beyond its test metrics: the Results panel draws it. */
export interface ModelInsights {
  /** How much the model relies on each of its input features, by the measure named (they sum to 1 where it is a share). */
  importances?: { measure: string; features: { name: string; importance: number }[] };
  /** One tree to draw (a decision tree; the first tree of an ensemble), down to a depth. */
  tree?: TreeDiagram;
}

/** A tree as a person reads it: node 0 is the root; an inner node's rows meet its condition on the left. */
export interface TreeDiagram {
  /** Which tree of how many (a decision tree: 1 of 1). */
  tree: number;
  trees: number;
  /** What `value` says: class shares, predicted value, or a boosting tree's score. */
  valueLabel: string;
  nodes: TreeDiagramNode[];
  /** Nodes below this depth are left out (their parents show as cut). */
  maxDepth: number;
}

export interface TreeDiagramNode {
  depth: number;
  /** 'petal_width ≤ 0.8', 'island ∈ {Biscoe, Dream}'; absent for a leaf. */
  condition?: string;
  /** Where rows with a missing value go. */
  missing?: 'left' | 'right';
  /** Training rows (weighted cover) that reached the node. */
  samples: number;
  value: string;
  /** Indices of the left and right child in `nodes`; absent for a leaf or a node cut at maxDepth. */
  children?: [number, number];
  /** An inner node whose subtree is not drawn (deeper than maxDepth). */
  cut?: boolean;
}

/**
 * Exact additive contributions of a model's input features, as a kind computes them itself (TreeSHAP
 * for trees, coefficient × (value − reference mean) for linear models). For every row:
 * link(base + Σ_j values[row, j, ·]) equals the scorer's outputs for that row.
 */
export interface Contributions {
  /** How raw outputs become the scorer's: as they are, logistic (one raw output → [1 − p, p]) or softmax. */
  link: 'identity' | 'logistic' | 'softmax';
  /** Raw outputs per row: 1 for logistic, else the scorer's outputs. */
  width: number;
  /** The raw outputs the contributions start from (width values). */
  base: Float64Array;
  /** rows × features × width, row-major. */
  values: Float64Array;
  /** How they were computed, in words ("TreeSHAP (path-dependent)"). */
  method: string;
  /** What the base is the mean over, when it is not the reference rows (trees: their training cover). */
  baseFrom?: string;
}

export interface ModelImplementation {
  fit(data: TrainingSet, params: Record<string, ParamValue>, options: FitOptions, progress: (event: FitEvent) => void, signal?: AbortSignal): Promise<FitResult>;
  /** Checks stored artifacts against the outline without loading them, throwing a message that names what is wrong. */
  check(artifacts: ModelArtifacts, model: ModelOutline): void;
  /** `host`: what the scorer may use besides this thread (tree ensembles score large batches in its pool). */
  load(artifacts: ModelArtifacts, model: ModelOutline, host?: ComputeHost): Promise<Scorer>;
  /** Model-card lines: what the file holds for this model. */
  describe(artifacts: ModelArtifacts, model: ModelOutline): string[];
  /** The files plain TensorFlow.js loads, for kinds whose artifacts are a LayersModel. */
  tfjsFiles?(artifacts: ModelArtifacts): Record<string, Uint8Array>;
  /** Importances, a tree to draw: what the kind can show about a fitted model. */
  insights?(artifacts: ModelArtifacts, model: ModelOutline): ModelInsights;
  /**
   * Exact contributions of each feature of `x`'s rows, for kinds that have them; `reference` holds
   * rows standing for the training data, for kinds that measure from a reference point (their mean).
   * Without this, explanations estimate contributions by sampling (core/explain).
   */
  contributions?(artifacts: ModelArtifacts, model: ModelOutline, x: FeatureColumns, reference: FeatureColumns): Promise<Contributions>;
}
