/**
 * The model contract (DESIGN.md §3): a model kind builds a tfjs LayersModel for a task; the shared
 * training loop in train.ts fits it. Artifacts are a standard model.json + weights, so plain
 * TensorFlow.js can load an exported model.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParamsSchema } from '../params';
import type { ParamValue, Task } from '../pipeline/spec';

export type LearningRateSchedule = 'constant' | 'cosine';

export interface TrainingParams {
  epochs: number;
  batch_size: number;
  learning_rate: number;
  schedule: LearningRateSchedule;
}

export interface BuildContext {
  inputs: number;
  /** Classes for classification, 1 for regression. */
  outputs: number;
  task: Task;
  trainRows: number;
  seed: number;
}

export interface ModelKind {
  kind: string;
  title: string;
  tasks: readonly Task[];
  /** Includes the training parameters (epochs, batch_size, learning_rate) with this kind's defaults. */
  params: ParamsSchema;
  build(params: Record<string, ParamValue>, context: BuildContext): tf.LayersModel;
}

/**
 * Auto batch size: about 50 steps per epoch, between 32 and 1024 rows, so small files still get
 * enough steps and large ones do not spend minutes on per-step overhead.
 */
export function effectiveBatchSize(batchSize: number, rows: number): number {
  if (batchSize > 0) return batchSize;
  return Math.min(1024, Math.max(32, Math.round(rows / 50)));
}

export function trainingParamsSchema(defaults: TrainingParams): ParamsSchema {
  return {
    epochs: { type: 'number', label: 'Epochs', default: defaults.epochs, min: 1, max: 10000, integer: true },
    batch_size: { type: 'number', label: 'Batch size (0 = auto)', default: defaults.batch_size, min: 0, max: 65536, integer: true },
    learning_rate: { type: 'number', label: 'Learning rate', default: defaults.learning_rate, min: 0, max: 1e9 },
    schedule: { type: 'enum', label: 'Learning-rate schedule', default: defaults.schedule, options: ['constant', 'cosine'] },
  };
}
