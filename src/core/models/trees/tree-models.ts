/**
 * The three tree kinds through the model contract: fit (with progress per iteration or tree, the
 * forest in the host's workers), stored as the tree-ensemble format (trees.json + trees.bin: nodes
 * as typed arrays, no training rows), scored by the ensemble predictor, and shown as importances
 * and a tree.
 */
import type { ParamValue } from '../../values';
import type { FitEvent, ModelArtifacts, ModelImplementation, ModelInsights, ModelOutline } from '../contract';
import { cpuBackend } from '../cpu-backend';
import type { TrainingSet } from '../data';
import type { FitHooks } from './cooperation';
import { fitDecisionTree } from './decision-tree';
import { DIAGRAM_DEPTH, treeDiagram } from './diagram';
import { featureImportances, treeCount, type TreeEnsemble } from './ensemble';
import { decodeEnsemble, encodeEnsemble } from './format';
import { fitGradientBoosting } from './gradient-boosting';
import { predictEnsembleInPool } from './parallel-predictor';
import { predictEnsemble } from './predictor';
import { fitRandomForest } from './random-forest';
import { canShareMemory, type TaskPool } from '../../parallel/pool';

const HEADER = 'trees.json';

function store(e: TreeEnsemble): ModelArtifacts {
  const { header, blobs } = encodeEnsemble(e);
  return { json: { [HEADER]: header }, blobs };
}

function read(artifacts: ModelArtifacts, model: ModelOutline): TreeEnsemble {
  const header = artifacts.json[HEADER];
  if (!header) throw new Error(`model/${HEADER} is missing`);
  return decodeEnsemble(header as Record<string, unknown>, { ...artifacts.blobs }, { features: model.features.length, outputs: model.classes?.length ?? 1, task: model.task });
}

/** The fit's progress as run events: the loss curve for boosting, trees done for a forest. */
function hooksFor(rows: number, unit: 'iteration' | 'tree', progress: (event: FitEvent) => void, signal?: AbortSignal): FitHooks {
  let last = performance.now();
  return {
    signal,
    onProgress: ({ done, total, trainLoss, validationLoss }) => {
      const now = performance.now();
      progress({ type: 'iteration', unit, done, total, loss: trainLoss, valLoss: validationLoss, samplesPerSecond: rows / Math.max((now - last) / 1000, 1e-6) });
      last = now;
    },
  };
}

interface TreeFit {
  ensemble: TreeEnsemble;
  summary: string;
}

type Fit = (data: TrainingSet, values: Record<string, ParamValue>, seed: number, progress: (event: FitEvent) => void, pool: TaskPool | undefined, signal?: AbortSignal) => Promise<TreeFit>;

function nodesOf(e: TreeEnsemble): number {
  return e.nodes.feature.length;
}

/**
 * `parallel`: whether the fit can use the host's workers (a forest spreads its trees over them;
 * boosting its large nodes' histograms, which needs shared memory); a decision tree runs in the
 * engine's own thread.
 */
function treeKind(importanceMeasure: string, parallel: () => boolean, fit: Fit): ModelImplementation {
  return {
    async fit(data, values, options, progress, signal) {
      const pool = parallel() ? options.host.pool : undefined;
      const backend = cpuBackend(pool?.size ?? 1);
      progress({ type: 'backend', backend });
      const result = await fit(data, values, options.seed, progress, pool, signal);
      return { artifacts: store(result.ensemble), backend, summary: result.summary };
    },
    check(artifacts, model) {
      read(artifacts, model);
    },
    async load(artifacts, model, host) {
      const ensemble = read(artifacts, model);
      // Large batches are spread over the host's workers (parallel-predictor.ts), the same numbers as here.
      return { score: async (x) => (host?.pool ? predictEnsembleInPool(ensemble, x, host.pool) : predictEnsemble(ensemble, x)), dispose() {} };
    },
    describe(artifacts, model) {
      const e = read(artifacts, model);
      return [
        `${treeCount(e)} tree${treeCount(e) === 1 ? '' : 's'} with ${nodesOf(e).toLocaleString('en')} nodes in \`model/trees.bin\` (split features, thresholds, children, category sets, training cover and values as little-endian typed arrays) and their layout in \`model/trees.json\`.`,
        'No training rows are stored. It is not a TensorFlow.js network; Pipeline Studio (browser or CLI) scores it.',
      ];
    },
    insights(artifacts, model): ModelInsights {
      const e = read(artifacts, model);
      const importances = featureImportances(e);
      return {
        importances: { measure: importanceMeasure, features: model.features.map((name, j) => ({ name, importance: importances[j] })) },
        tree: treeDiagram(e, model, 0),
      };
    },
  };
}

const ofRun = (seed: number) => ({ seed: seed >>> 0 });

export const histGradientBoostingModel = treeKind('share of the loss reduction (gain)', canShareMemory, async (data, values, seed, progress, pool, signal) => {
  const fit = await fitGradientBoosting(data, { ...values, ...ofRun(seed) }, hooksFor(data.rows, 'iteration', progress, signal), pool);
  const early = fit.stoppedEarly ? `, early stopping after ${fit.iterations} (no better validation loss)` : '';
  return { ensemble: fit.ensemble, summary: `gradient boosting, ${fit.iterations} iterations, ${treeCount(fit.ensemble)} trees${early}` };
});

export const randomForestModel = treeKind('mean decrease in impurity', () => true, async (data, values, seed, progress, pool, signal) => {
  const fit = await fitRandomForest(data, { ...values, ...ofRun(seed) }, hooksFor(data.rows, 'tree', progress, signal), pool);
  const oob = fit.oobScore === null ? '' : `, out-of-bag ${data.task === 'classification' ? 'accuracy' : 'R²'} ${fit.oobScore.toFixed(4)}`;
  return { ensemble: fit.ensemble, summary: `random forest, ${treeCount(fit.ensemble)} trees, ${nodesOf(fit.ensemble).toLocaleString('en')} nodes${oob}` };
});

export const decisionTreeModel = treeKind('mean decrease in impurity', () => false, async (data, values, seed, progress, _pool, signal) => {
  const fit = await fitDecisionTree(data, { ...values, ...ofRun(seed) }, hooksFor(data.rows, 'tree', progress, signal));
  return { ensemble: fit.ensemble, summary: `decision tree, ${fit.leaves} leaves, depth ${fit.depth}${fit.depth > DIAGRAM_DEPTH ? ` (the diagram shows ${DIAGRAM_DEPTH} levels)` : ''}` };
});
