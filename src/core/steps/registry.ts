/** Every preprocessing step kind. A new step is one file plus one line here. */
import { impute } from './impute';
import { oneHot } from './one-hot';
import { standardize } from './standardize';
import type { StepKind } from './step';

export const stepKinds: readonly StepKind[] = [impute, oneHot, standardize] as StepKind[];

export function findStepKind(kind: string): StepKind | undefined {
  return stepKinds.find((s) => s.kind === kind);
}
