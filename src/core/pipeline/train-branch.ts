/**
 * One branch's model through the model contract: the training rows as the kind accepts them, fit,
 * load, score the test rows, package the result. Nothing here knows what kind of model it is.
 */
import { filled, gather } from '../arrays';
import { argmaxRows } from '../metrics';
import type { GlobalExplanation } from '../explain/types';
import type { ComputeHost, FitEvent, ModelDescriptor, ModelInsights } from '../models/contract';
import type { FeatureColumns, TrainingSet } from '../models/data';
import type { Table } from '../table/table';
import { scoreClassification, scoreRegression, type Scored } from './evaluate';
import { epochMessage, type RunEvent } from './events';
import { featureColumns, selectFeatures, type TargetLabels } from './features';
import type { FittedModel } from './fitted';
import type { PipelineNode, Task } from './spec';
import { trainPositions } from './transform';

export interface BranchModel extends Scored {
  model: FittedModel;
  /** What trained it (a tfjs backend, the fused trainer, the CPU). */
  backend: string;
  /** What the kind shows about the fitted model (importances, a tree). */
  insights?: ModelInsights;
  trainRows: number;
  testRows: number;
  warnings: string[];
  /** The test rows (source row ids) and the model's answer for each, a class index or a value: what the fairness report groups. */
  predictions: { ids: Int32Array; predicted: Int32Array | Float64Array };
  /** Set once the run has explained the model, with the hash of the test rows it was explained on (a cached model keeps it). */
  explained?: { testKey: string; explanation: GlobalExplanation };
}

export interface BranchTraining {
  node: PipelineNode;
  kind: ModelDescriptor;
  task: Task;
  target: string;
  labels: TargetLabels;
  isTrain: Uint8Array;
  isTest: Uint8Array;
  seed: number;
  host: ComputeHost;
  /** A backend chosen by an earlier fit of this branch, reused (cross-validation folds). */
  pinnedBackend?: string;
  signal?: AbortSignal;
  /** Awaited between iterations: holds training while the run is paused. */
  pause?: () => Promise<void>;
  emit: (event: RunEvent) => void;
  /** Maps this model's iterations onto the run's progress bar. */
  progress: (fraction: number) => number;
}

/** A fit's events as run events: iterations become the epoch stream and the progress bar. */
function runEventsOf(b: BranchTraining): (event: FitEvent) => void {
  const id = b.node.id;
  return (event) => {
    if (event.type === 'log') b.emit({ type: 'log', message: `${id}: ${event.message}` });
    else if (event.type === 'backend') b.emit({ type: 'backend', backend: event.backend, node: id, msPerStep: event.msPerStep });
    else {
      const { done, total, loss, valLoss, samplesPerSecond, numTensors, numBytes, unit } = event;
      b.emit({ type: 'epoch', node: id, unit, epoch: done, epochs: total, loss, valLoss, samplesPerSecond, numTensors, numBytes });
      b.emit({ type: 'progress', fraction: b.progress(done / total), message: epochMessage(id, done, total, unit) });
    }
  };
}

/** What a branch's model learns from and is scored on, taken from the preprocessed table. */
export interface BranchData {
  data: TrainingSet;
  test: FeatureColumns;
  /** The test rows' source row ids, by which the labels are kept. */
  testIds: Int32Array;
  warnings: string[];
}

/**
 * The training and test rows of the preprocessed `table` (its rows tagged with source row ids) as the
 * model kind reads them. Built before the fit, so that the table need not be held while the model trains.
 */
export function branchData(table: Table, b: Pick<BranchTraining, 'kind' | 'task' | 'target' | 'labels' | 'isTrain' | 'isTest'>): BranchData {
  const { used, ignored } = selectFeatures(table, b.target, b.kind.accepts);
  const warnings = ignored.map((c) => `Column "${c.name}" (${c.kind}) is not numeric after preprocessing and is not used by the model`);
  if (used.length === 0) throw new Error('No numeric features reach the model: add an encoding step for the categorical columns');
  const trainAt = trainPositions(table, b.isTrain).train;
  const testAt = trainPositions(table, b.isTest).train;
  if (trainAt.length === 0 || testAt.length === 0) throw new Error('The split left no training rows or no test rows');
  const { rowIds } = table;
  const [trainIds, testIds] = [trainAt, testAt].map((positions) => (rowIds ? gather(rowIds, positions) : positions));
  const { classes, classAt, valueAt } = b.labels;
  const data: TrainingSet = {
    ...featureColumns(table, used, trainAt, b.kind.accepts),
    task: b.task,
    features: used,
    y: classAt ? gather(classAt, trainIds) : gather(valueAt as Float64Array, trainIds),
    classes,
  };
  return { data, test: featureColumns(table, used, testAt, b.kind.accepts), testIds, warnings };
}

/** Fit the branch's model on `prepared.data`, then score `prepared.test`. */
export async function trainBranchModel(b: BranchTraining, prepared: BranchData): Promise<BranchModel> {
  const { data, test, testIds, warnings } = prepared;
  const { classes, classAt, valueAt } = b.labels;
  const used = data.features;
  const trainRows = data.rows;
  const implementation = await b.kind.implementation();
  const started = performance.now();
  const fitted = await implementation.fit(data, b.node.params, { seed: b.seed, host: b.host, pause: b.pause, pinnedBackend: b.pinnedBackend }, runEventsOf(b), b.signal);
  const message = `${b.node.id}: ${fitted.summary}; fitted in ${Math.round(performance.now() - started)} ms`;
  b.emit({ type: 'log', message });
  b.emit({ type: 'progress', fraction: b.progress(1), message });

  const categories = Object.fromEntries(used.flatMap((f) => (f.categories ? [[f.name, f.categories]] : [])));
  const model: FittedModel = {
    kind: b.kind.kind,
    task: b.task,
    features: used.map((f) => f.name),
    ...(Object.keys(categories).length ? { categories } : {}),
    classes,
    targetScale: fitted.targetScale,
    artifacts: fitted.artifacts,
  };
  const scorer = await implementation.load(fitted.artifacts, model);
  try {
    const scores = await scorer.score(test);
    let scored: Scored;
    let predicted: Int32Array | Float64Array;
    if (classAt && classes) {
      scored = scoreClassification(gather(classAt, testIds), scores, classes);
      predicted = argmaxRows(scores, classes.length);
    } else {
      const { mean, std } = fitted.targetScale ?? { mean: 0, std: 1 };
      predicted = filled(new Float64Array(scores.length), (i) => scores[i] * std + mean);
      scored = scoreRegression(gather(valueAt as Float64Array, testIds), predicted);
    }
    const insights = implementation.insights?.(fitted.artifacts, model);
    return { ...scored, model, backend: fitted.backend, insights, trainRows, testRows: test.rows, warnings, predictions: { ids: testIds, predicted } };
  } finally {
    scorer.dispose();
  }
}
