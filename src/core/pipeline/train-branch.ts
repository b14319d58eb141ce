/**
 * One branch's model through the model contract: the training rows as the kind accepts them, fit,
 * load, score the test rows, package the result. Nothing here knows what kind of model it is.
 */
import type { ComputeHost, FitEvent, ModelDescriptor, ModelInsights } from '../models/contract';
import type { TrainingSet } from '../models/data';
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
}

export interface BranchTraining {
  node: PipelineNode;
  kind: ModelDescriptor;
  task: Task;
  target: string;
  /** The preprocessed table, its rows tagged with source row ids. */
  table: Table;
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

export async function trainBranchModel(b: BranchTraining): Promise<BranchModel> {
  const { used, ignored } = selectFeatures(b.table, b.target, b.kind.accepts);
  const warnings = ignored.map((c) => `Column "${c.name}" (${c.kind}) is not numeric after preprocessing and is not used by the model`);
  if (used.length === 0) throw new Error('No numeric features reach the model: add an encoding step for the categorical columns');
  const trainAt = trainPositions(b.table, b.isTrain).train;
  const testAt = trainPositions(b.table, b.isTest).train;
  if (trainAt.length === 0 || testAt.length === 0) throw new Error('The split left no training rows or no test rows');
  const idOf = (p: number) => (b.table.rowIds ? b.table.rowIds[p] : p);
  const { classes, classAt, valueAt } = b.labels;
  const data: TrainingSet = {
    ...featureColumns(b.table, used, trainAt, b.kind.accepts),
    task: b.task,
    features: used,
    y: classAt ? Int32Array.from(trainAt, (p) => classAt[idOf(p)]) : Float64Array.from(trainAt, (p) => (valueAt as Float64Array)[idOf(p)]),
    classes,
  };
  const test = featureColumns(b.table, used, testAt, b.kind.accepts);

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
    if (classAt && classes) scored = scoreClassification(Int32Array.from(testAt, (p) => classAt[idOf(p)]), scores, classes);
    else {
      const { mean, std } = fitted.targetScale ?? { mean: 0, std: 1 };
      scored = scoreRegression(Array.from(testAt, (p) => (valueAt as Float64Array)[idOf(p)]), Array.from(scores, (s) => s * std + mean));
    }
    const insights = implementation.insights?.(fitted.artifacts, model);
    return { ...scored, model, backend: fitted.backend, insights, trainRows: data.rows, testRows: test.rows, warnings };
  } finally {
    scorer.dispose();
  }
}
