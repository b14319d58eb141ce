/**
 * The executor: runs a pipeline spec on a table, node by node, emitting events, and returns the
 * fitted pipeline with its test metrics.
 */
import * as tf from '@tensorflow/tfjs';
import { averagePrecision, calibrationCurve, classificationMetrics, precisionRecallCurve, regressionMetrics, rocCurve, type ClassMetrics } from '../metrics';
import { saveArtifacts } from '../models/artifacts';
import { findModelKind } from '../models/registry';
import type { TrainingParams } from '../models/model';
import { predictRows, trainModel } from '../models/train';
import { resolveParams } from '../params';
import { trainingProfile } from '../table/training-profile';
import { getColumn, schemaOf, type Table } from '../table/table';
import { APP_VERSION } from '../version';
import type { BinaryEvaluation, Evaluation, RunEvent, RunSummary } from './events';
import { encodeClasses, featureMatrix, labelledRows, numericTarget, selectFeatures } from './features';
import type { FittedModel, FittedPipeline } from './fitted';
import { judgeGate } from './gate';
import { splitRows, type RowSplit } from './split';
import type { PipelineSpec } from './spec';
import { fitSteps } from './transform';
import { chainOrder, validatePipeline } from './validate';

export interface RunOptions {
  dataset: { name: string; sha256: string };
  /** Overrides every seed in the pipeline (split, initial weights, batch order). */
  seed?: number;
  /** Fixed test rows (0-based data-row indices) instead of the pipeline's own split. */
  testRows?: { test: readonly number[]; train?: readonly number[] };
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

export interface RunResult {
  summary: RunSummary;
  fitted: FittedPipeline;
}

function fixedSplit(labelled: Int32Array, fixed: NonNullable<RunOptions['testRows']>): RowSplit {
  const isLabelled = new Set(labelled);
  const test = Int32Array.from(fixed.test.filter((r) => isLabelled.has(r)));
  const testSet = new Set(test);
  const train = fixed.train ? Int32Array.from(fixed.train.filter((r) => isLabelled.has(r))) : labelled.filter((r) => !testSet.has(r));
  return { train, test };
}

/** The second class (in sorted order) is the positive one, as scikit-learn's label ordering makes it. */
function binaryEvaluation(yTest: Int32Array, scores: Float32Array, classes: readonly string[]): BinaryEvaluation {
  const data = { positive: Array.from(yTest), scores: Array.from({ length: yTest.length }, (_, i) => scores[i * 2 + 1]) };
  const roc = rocCurve(data);
  const pr = precisionRecallCurve(data);
  return {
    positiveClass: classes[1],
    ...data,
    roc: { fpr: roc.fpr, tpr: roc.tpr },
    pr: { precision: pr.precision, recall: pr.recall },
    calibration: calibrationCurve(data),
  };
}

export async function runPipeline(spec: PipelineSpec, table: Table, options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const emit = options.onEvent ?? (() => {});
  validatePipeline(spec);
  const nodes = chainOrder(spec);
  const stepNodes = nodes.filter((n) => !['source', 'split', 'evaluate'].includes(n.kind) && !findModelKind(n.kind));
  const splitNode = nodes.find((n) => n.kind === 'split');
  const modelNode = nodes.find((n) => findModelKind(n.kind));
  const evaluateNode = nodes.find((n) => n.kind === 'evaluate');
  if (!splitNode || !modelNode || !evaluateNode) throw new Error('The pipeline needs a split node, a model node and an evaluate node');
  const modelKind = findModelKind(modelNode.kind)!;
  const seed = options.seed ?? Number(splitNode.params.seed ?? 42);
  const backend = tf.getBackend();
  emit({ type: 'backend', backend });

  const target = getColumn(table, spec.target);
  const labelled = labelledRows(target, table.rowCount);
  if (labelled.length < 2) throw new Error(`The target "${spec.target}" has fewer than two rows with a value`);
  const classes = spec.task === 'classification' ? encodeClasses(target, labelled) : undefined;
  if (classes && classes.classes.length < 2) throw new Error(`The target "${spec.target}" has only one class; classification needs two or more`);
  const groups = classes?.y ?? null;
  const split = options.testRows ? fixedSplit(labelled, options.testRows) : splitRows(labelled, groups, splitNode.params, options.seed);
  emit({ type: 'log', message: `Split: ${split.train.length} training rows, ${split.test.length} test rows` });
  if (split.train.length === 0 || split.test.length === 0) throw new Error('The split left no training rows or no test rows');

  const inputs = table.columns.filter((c) => c.name !== spec.target);
  const prepared = fitSteps(table, stepNodes, split.train, spec.target, (node, ms) =>
    emit({ type: 'log', message: `${node.id}: fitted on ${split.train.length} rows in ${ms.toFixed(0)} ms` }),
  );
  emit({ type: 'progress', fraction: 0.1, message: 'Preprocessed' });
  const { used, ignored } = selectFeatures(prepared.table, spec.target);
  for (const c of ignored) emit({ type: 'log', message: `Column "${c.name}" (${c.kind}) is not numeric after preprocessing and is not used by the model` });
  if (used.length === 0) throw new Error('No numeric features reach the model');

  const train = featureMatrix(prepared.table, used, split.train);
  const test = featureMatrix(prepared.table, used, split.test);
  const rowClass = new Map<number, number>();
  labelled.forEach((row, i) => classes && rowClass.set(row, classes.y[i]));
  const values = classes ? undefined : numericTarget(target, labelled);
  const rowValue = new Map<number, number>();
  labelled.forEach((row, i) => values && rowValue.set(row, values[i]));

  let targetScale: FittedModel['targetScale'];
  let yTrain: Float32Array | Int32Array;
  if (classes) {
    yTrain = Int32Array.from(split.train, (r) => rowClass.get(r) as number);
  } else {
    const raw = Float64Array.from(split.train, (r) => rowValue.get(r) as number);
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
    const std = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / raw.length) || 1;
    targetScale = { mean, std };
    yTrain = Float32Array.from(raw, (v) => (v - mean) / std);
  }

  const outputs = classes ? classes.classes.length : 1;
  const params = resolveParams<TrainingParams>(modelKind.params, modelNode.params);
  const model = modelKind.build(modelNode.params, { inputs: used.length, outputs, task: spec.task, trainRows: train.rows, targetStd: targetScale?.std ?? 1, seed });
  try {
    const outcome = await trainModel(model, { ...train, y: yTrain, outputs }, spec.task, params, seed, {
      signal: options.signal,
      onEpoch: ({ epoch, epochs, loss, valLoss }) => {
        emit({ type: 'epoch', epoch, epochs, loss, valLoss });
        emit({ type: 'progress', fraction: 0.1 + 0.85 * (epoch / epochs), message: `Epoch ${epoch} of ${epochs}` });
      },
    });
    if (outcome.stoppedEarly) {
      emit({ type: 'log', message: `Early stopping: no better validation loss for ${params.patience} epochs; kept the weights of epoch ${outcome.bestEpoch}` });
    }
    const scores = predictRows(model, test.x, test.rows, test.features);
    let metrics: Record<string, number>;
    let evaluation: Evaluation;
    let perClass: ClassMetrics[] | undefined;
    if (classes) {
      const yTest = Int32Array.from(split.test, (r) => rowClass.get(r) as number);
      const m = classificationMetrics(yTest, scores, classes.classes);
      const binary = classes.classes.length === 2 ? binaryEvaluation(yTest, scores, classes.classes) : undefined;
      metrics = {
        accuracy: m.accuracy,
        balanced_accuracy: m.balanced_accuracy,
        f1_macro: m.f1_macro,
        precision_macro: m.precision_macro,
        recall_macro: m.recall_macro,
        f1_weighted: m.f1_weighted,
        precision_weighted: m.precision_weighted,
        recall_weighted: m.recall_weighted,
        log_loss: m.log_loss,
        ...(m.roc_auc === undefined ? {} : { roc_auc: m.roc_auc }),
        ...(binary ? { average_precision: averagePrecision(binary) } : {}),
      };
      evaluation = { task: 'classification', classes: classes.classes, confusion: m.confusion, binary };
      perClass = m.per_class;
    } else {
      const scale = targetScale!;
      const actual = Array.from(split.test, (r) => rowValue.get(r) as number);
      const predicted = Array.from(scores, (s) => s * scale.std + scale.mean);
      const m = regressionMetrics(actual, predicted);
      metrics = { r2: m.r2, rmse: m.rmse, mae: m.mae, mape: m.mape };
      evaluation = { task: 'regression', actual, predicted };
    }
    const gate = judgeGate(spec.task, evaluateNode.params, metrics, perClass);
    emit({ type: 'progress', fraction: 1, message: 'Evaluated' });
    const seconds = (performance.now() - started) / 1000;
    const fitted: FittedPipeline = {
      spec,
      inputSchema: schemaOf({ rowCount: table.rowCount, columns: inputs }),
      trainingProfile: trainingProfile(table, split.train, spec.target),
      steps: prepared.fitted,
      model: { kind: modelKind.kind, task: spec.task, features: used, classes: classes?.classes, targetScale, artifacts: await saveArtifacts(model) },
      metrics,
      perClass,
      gate,
      lineage: {
        datasetName: options.dataset.name,
        datasetSha256: options.dataset.sha256,
        seed,
        backend,
        appVersion: APP_VERSION,
        createdAt: new Date().toISOString(),
        seconds,
      },
    };
    const summary: RunSummary = {
      task: spec.task,
      target: spec.target,
      modelKind: modelKind.kind,
      rows: labelled.length,
      trainRows: split.train.length,
      testRows: split.test.length,
      backend,
      seconds,
      metrics,
      perClass,
      gate,
      evaluation,
    };
    return { summary, fitted };
  } finally {
    model.dispose();
  }
}
