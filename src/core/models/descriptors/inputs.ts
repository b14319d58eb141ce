import type { ModelDescriptor } from '../contract';

/** The usual model: numeric features only, no missing values, no training rows kept. */
export const NUMERIC_INPUTS: Pick<ModelDescriptor, 'accepts' | 'keepsTrainingRows'> = {
  accepts: { categorical: false, missing: false, unscaled: false },
  keepsTrainingRows: () => false,
};
