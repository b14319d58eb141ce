/**
 * The model contract (DESIGN.md §3): a model kind builds a tfjs LayersModel for a task; the shared
 * training loop in train.ts fits it. Artifacts are a standard model.json + weights, so plain
 * TensorFlow.js can load an exported model.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParamsSchema } from '../params';
import type { ParamValue, Task } from '../pipeline/spec';

export interface TrainingParams {
  epochs: number;
  batch_size: number;
  learning_rate: number;
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

export function trainingParamsSchema(defaults: TrainingParams): ParamsSchema {
  return {
    epochs: { type: 'number', label: 'Epochs', default: defaults.epochs, min: 1, max: 10000, integer: true },
    batch_size: { type: 'number', label: 'Batch size', default: defaults.batch_size, min: 1, max: 65536, integer: true },
    learning_rate: { type: 'number', label: 'Learning rate', default: defaults.learning_rate, min: 0, max: 1e9 },
  };
}
