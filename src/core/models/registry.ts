/** Every model kind. A new model is one file plus one line here. */
import type { Task } from '../pipeline/spec';
import { knn } from './knn';
import { linearRegression, logisticRegression } from './linear';
import { mlp } from './mlp';
import { gaussianNaiveBayes } from './naive-bayes';
import type { AnyModelKind, ModelKind } from './model';

export const modelKinds: readonly AnyModelKind[] = [logisticRegression, linearRegression, mlp, gaussianNaiveBayes, knn];

export function findModelKind(kind: string): AnyModelKind | undefined {
  return modelKinds.find((m) => m.kind === kind);
}

/** The model a new pipeline starts with for a task. */
export function defaultModelKind(task: Task): ModelKind {
  return task === 'classification' ? logisticRegression : linearRegression;
}
