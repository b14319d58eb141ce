/** One branch's model: build, train on the training rows, score the test rows, package the result. */
import * as tf from '@tensorflow/tfjs';
import { layersScorer, saveArtifacts } from '../models/artifacts';
import { isStateModelKind, type AnyModelKind, type ModelKind, type Scorer, type StateModelKind, type TrainingParams } from '../models/model';
import { trainModel, type TrainingData } from '../models/train';
import { resolveParams } from '../params';
import type { Table } from '../table/table';
import { scoreClassification, scoreRegression, type Scored } from './evaluate';
import { epochMessage, type RunEvent } from './events';
import { featureMatrix, selectFeatures, type TargetLabels } from './features';
import type { FittedModel, ModelArtifacts } from './fitted';
import type { PipelineNode, Task } from './spec';
import { trainPositions } from './transform';

export interface BranchModel extends Scored {
  model: FittedModel;
  trainRows: number;
  testRows: number;
  warnings: string[];
}

export interface BranchTraining {
  node: PipelineNode;
  kind: AnyModelKind;
  task: Task;
  target: string;
  /** The preprocessed table, its rows tagged with source row ids. */
  table: Table;
  labels: TargetLabels;
  isTrain: Uint8Array;
  isTest: Uint8Array;
  seed: number;
  signal?: AbortSignal;
  /** Awaited between epochs: holds training while the run is paused (see TrainingHooks.paused). */
  pause?: () => Promise<void>;
  emit: (event: RunEvent) => void;
  /** Maps this model's epochs onto the run's progress bar. */
  progress: (fraction: number) => number;
}

function standardisedTarget(values: Float64Array): { y: Float32Array; scale: { mean: number; std: number } } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
  return { y: Float32Array.from(values, (v) => (v - mean) / std), scale: { mean, std } };
}

/** The epoch loop for models trained by gradient descent, reporting each epoch and an early stop. */
async function trainEpochs(b: BranchTraining, kind: ModelKind, model: tf.LayersModel, data: TrainingData): Promise<void> {
  const params = resolveParams<TrainingParams>(kind.params, b.node.params);
  let epochStarted = performance.now();
  const outcome = await trainModel(model, data, b.task, params, b.seed, {
    signal: b.signal,
    // Time spent paused does not count towards the next epoch's samples per second.
    paused: b.pause
      ? async () => {
          const since = performance.now();
          await b.pause?.();
          epochStarted += performance.now() - since;
        }
      : undefined,
    onEpoch: ({ epoch, epochs, loss, valLoss }) => {
      const seconds = (performance.now() - epochStarted) / 1000;
      epochStarted = performance.now();
      const memory = tf.memory();
      b.emit({ type: 'epoch', node: b.node.id, epoch, epochs, loss, valLoss, samplesPerSecond: data.rows / Math.max(seconds, 1e-6), numTensors: memory.numTensors, numBytes: memory.numBytes });
      b.emit({ type: 'progress', fraction: b.progress(epoch / epochs), message: epochMessage(b.node.id, epoch, epochs) });
    },
  });
  if (outcome.stoppedEarly) {
    b.emit({ type: 'log', message: `${b.node.id}: early stopping, no better validation loss for ${params.patience} epochs; kept the weights of epoch ${outcome.bestEpoch}` });
  }
}

interface Trained {
  artifacts: ModelArtifacts;
  scorer: Scorer;
}

/** A network: built, then fitted in closed form or by the epoch loop. */
async function trainNetwork(b: BranchTraining, kind: ModelKind, data: TrainingData, targetStd: number): Promise<Trained> {
  const model = kind.build(b.node.params, { inputs: data.features, outputs: data.outputs, task: b.task, trainRows: data.rows, targetStd, seed: b.seed });
  try {
    if (kind.fit) {
      kind.fit(model, b.node.params, data);
      b.emit({ type: 'progress', fraction: b.progress(1), message: `${b.node.id}: fitted in closed form` });
    } else await trainEpochs(b, kind, model, data);
    return { artifacts: await saveArtifacts(model), scorer: layersScorer(model) };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** A state model fits in one go: one log line and the progress bar full, no epochs. */
function fitState(b: BranchTraining, kind: StateModelKind, data: TrainingData): Trained {
  b.signal?.throwIfAborted();
  const started = performance.now();
  const state = kind.fit(b.node.params, data, b.task);
  const message = `${b.node.id}: ${kind.describe(state)}; fitted in ${Math.round(performance.now() - started)} ms`;
  b.emit({ type: 'log', message });
  b.emit({ type: 'progress', fraction: b.progress(1), message });
  return { artifacts: kind.encode(state), scorer: kind.load(state) };
}

export async function trainBranchModel(b: BranchTraining): Promise<BranchModel> {
  const { used, ignored } = selectFeatures(b.table, b.target);
  const warnings = ignored.map((c) => `Column "${c.name}" (${c.kind}) is not numeric after preprocessing and is not used by the model`);
  if (used.length === 0) throw new Error('No numeric features reach the model: add an encoding step for the categorical columns');
  const trainAt = trainPositions(b.table, b.isTrain).train;
  const testAt = trainPositions(b.table, b.isTest).train;
  if (trainAt.length === 0 || testAt.length === 0) throw new Error('The split left no training rows or no test rows');
  const idOf = (p: number) => (b.table.rowIds ? b.table.rowIds[p] : p);
  const train = featureMatrix(b.table, used, trainAt);
  const test = featureMatrix(b.table, used, testAt);

  const { classes, classAt, valueAt } = b.labels;
  const regression = valueAt ? standardisedTarget(Float64Array.from(trainAt, (p) => valueAt[idOf(p)])) : undefined;
  const yTrain = classAt ? Int32Array.from(trainAt, (p) => classAt[idOf(p)]) : (regression as { y: Float32Array }).y;
  const outputs = classes ? classes.length : 1;
  const data = { ...train, y: yTrain, outputs };
  const { artifacts, scorer } = isStateModelKind(b.kind) ? fitState(b, b.kind, data) : await trainNetwork(b, b.kind, data, regression?.scale.std ?? 1);
  try {
    const scores = await scorer.score(test.x, test.rows);
    let scored: Scored;
    if (classAt && classes) scored = scoreClassification(Int32Array.from(testAt, (p) => classAt[idOf(p)]), scores, classes);
    else {
      const { mean, std } = regression?.scale ?? { mean: 0, std: 1 };
      scored = scoreRegression(Float64Array.from(testAt, (p) => (valueAt as Float64Array)[idOf(p)]), Float64Array.from(scores, (s) => s * std + mean));
    }
    return {
      ...scored,
      model: { kind: b.kind.kind, task: b.task, features: used, classes, targetScale: regression?.scale, artifacts },
      trainRows: train.rows,
      testRows: test.rows,
      warnings,
    };
  } finally {
    scorer.dispose();
  }
}
