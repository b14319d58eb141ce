/**
 * Every model kind, by its descriptor. A new model is its descriptor, its implementation, and one
 * line here; the palette, inspector, validation, executor, bundle, model card and CLI take it from
 * this list. No TensorFlow.js here: implementations load only where models run.
 */
import type { ParamValue, Task } from '../values';
import type { ModelDescriptor, ModelImplementation } from './contract';
import { knn } from './descriptors/knn';
import { linearRegression, logisticRegression } from './descriptors/linear';
import { mlp } from './descriptors/mlp';
import { gaussianNaiveBayes } from './descriptors/naive-bayes';
import { decisionTree, histGradientBoosting, randomForest } from './descriptors/trees';
import { voting } from './descriptors/voting';

export const modelKinds: readonly ModelDescriptor[] = [logisticRegression, linearRegression, histGradientBoosting, randomForest, decisionTree, mlp, gaussianNaiveBayes, knn, voting];

export function findModelKind(kind: string): ModelDescriptor | undefined {
  return modelKinds.find((m) => m.kind === kind);
}

/** Whether a model of `kind` with these parameters holds its training rows in its file (an unknown kind: no). */
export function keepsTrainingRows(kind: string, params: Readonly<Record<string, ParamValue>>): boolean {
  return findModelKind(kind)?.keepsTrainingRows(params, findModelKind) ?? false;
}

/** The kind, or an error that lists the kinds there are. */
export function requireModelKind(kind: string): ModelDescriptor {
  const found = findModelKind(kind);
  if (!found) throw new Error(`Unknown model kind "${kind}": the kinds are ${modelKinds.map((m) => m.kind).join(', ')}`);
  return found;
}

/** A kind's implementation, loaded once. */
export function modelImplementation(kind: string): Promise<ModelImplementation> {
  return requireModelKind(kind).implementation();
}

/** The model a new pipeline starts with for a task. */
export function defaultModelKind(task: Task): ModelDescriptor {
  return task === 'classification' ? logisticRegression : linearRegression;
}
