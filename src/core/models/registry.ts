/** Every model kind. A new model is one file plus one line here. */
import type { Task } from '../pipeline/spec';
import { linearRegression, logisticRegression } from './linear';
import { mlp } from './mlp';
import { gaussianNaiveBayes } from './naive-bayes';
import type { ModelKind } from './model';

export const modelKinds: readonly ModelKind[] = [logisticRegression, linearRegression, mlp, gaussianNaiveBayes];

export function findModelKind(kind: string): ModelKind | undefined {
  return modelKinds.find((m) => m.kind === kind);
}

/** The model a new pipeline starts with for a task. */
export function defaultModelKind(task: Task): ModelKind {
  return task === 'classification' ? logisticRegression : linearRegression;
}
