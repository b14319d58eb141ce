/**
 * Networks: a kind builds a tfjs LayersModel for a task; the shared training loop (train.ts) or the
 * fused WebGPU trainer fits it, unless the kind fits it in closed form. network.ts turns any such
 * kind into a model implementation, so each network kind is only its architecture.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ParamValue, Task } from '../../values';
import type { ModelDescriptor } from '../contract';
import type { TrainingParams } from '../training-params';
import type { TrainingData, TrainingHooks, TrainingOutcome } from './train';

export interface BuildContext {
  inputs: number;
  /** Classes for classification, 1 for regression. */
  outputs: number;
  task: Task;
  trainRows: number;
  /** Regression targets are trained standardised; a scale-dependent penalty (L1) needs their deviation. */
  targetStd: number;
  seed: number;
}

export interface NetworkKind extends Pick<ModelDescriptor, 'kind' | 'title' | 'tasks' | 'params'> {
  build(params: Record<string, ParamValue>, context: BuildContext): tf.LayersModel;
  /**
   * Models fitted in closed form (naive Bayes) set their weights here instead of going through the
   * epoch loop; their `params` then need no training parameters.
   */
  fit?(model: tf.LayersModel, params: Record<string, ParamValue>, data: TrainingData): void;
}

/** A network about to train: enough to build it and time a few steps on each backend. */
export interface NetworkProbe {
  kind: NetworkKind;
  params: Record<string, ParamValue>;
  inputs: number;
  outputs: number;
  task: Task;
  /** Training rows: fixes the batch size the run will use. */
  rows: number;
}

/**
 * A trainer that replaces the tfjs loop for the models it supports (the fused WebGPU trainer), with
 * the same contract: same split, batches, schedule, hooks and outcome.
 */
export interface NetworkTrainer {
  /** Why it cannot train this model on this data, or undefined when it can. */
  unsupported(model: tf.LayersModel, data: TrainingData, params: TrainingParams): string | undefined;
  train(model: tf.LayersModel, data: TrainingData, task: Task, params: TrainingParams, seed: number, hooks: TrainingHooks): Promise<TrainingOutcome>;
}
