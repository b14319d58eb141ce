/** Every preprocessing step kind, in the palette's order. A new step is one file plus one line here. */
import { binning } from './binning';
import { castKind } from './cast-kind';
import { clipOutliers } from './clip-outliers';
import { dateParts } from './date-parts';
import { dropColumns } from './drop-columns';
import { dropDuplicates } from './drop-duplicates';
import { filterRows } from './filter-rows';
import { hashColumns } from './hash-columns';
import { impute } from './impute';
import { logTransform } from './log-transform';
import { minmaxScale } from './minmax-scale';
import { oneHot } from './one-hot';
import { ordinalEncode } from './ordinal-encode';
import { polynomialFeatures } from './polynomial-features';
import { powerTransform } from './power-transform';
import { robustScale } from './robust-scale';
import { selectColumns } from './select-columns';
import { standardize } from './standardize';
import type { StepKind } from './step';
import { targetEncode } from './target-encode';
import { textVectorize } from './text-vectorize';

export const stepKinds: readonly StepKind[] = [
  selectColumns,
  dropColumns,
  hashColumns,
  filterRows,
  dropDuplicates,
  castKind,
  impute,
  oneHot,
  ordinalEncode,
  targetEncode,
  standardize,
  minmaxScale,
  robustScale,
  logTransform,
  powerTransform,
  clipOutliers,
  binning,
  dateParts,
  textVectorize,
  polynomialFeatures,
] as StepKind[];

export function findStepKind(kind: string): StepKind | undefined {
  return stepKinds.find((s) => s.kind === kind);
}
