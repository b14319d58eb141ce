/**
 * The parameters of models trained by epochs of gradient descent (networks), as the page shows
 * them and the trainers read them. No TensorFlow.js here: the page's descriptors use these schemas.
 */
import type { ParamsSchema } from '../params';

export type LearningRateSchedule = 'constant' | 'cosine';
export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';

export interface TrainingParams {
  epochs: number;
  batch_size: number;
  learning_rate: number;
  schedule: LearningRateSchedule;
  optimizer: OptimizerName;
  /** Share of the training rows held out to watch validation loss (0 = none). */
  validation_fraction: number;
  /** Stop after this many epochs without a better validation loss, keeping the best weights (0 = off). */
  patience: number;
  class_weight: 'none' | 'balanced';
}

/**
 * Auto batch size: about 50 steps per epoch, between 32 and 8192 rows, so small files still get
 * enough steps and large ones do not spend minutes on per-step overhead (a million rows: 123 steps
 * of 8192 per epoch instead of 977 of 1024).
 */
export const MAX_AUTO_BATCH = 8192;

export function effectiveBatchSize(batchSize: number, rows: number): number {
  if (batchSize > 0) return batchSize;
  return Math.min(MAX_AUTO_BATCH, Math.max(32, Math.round(rows / 50)));
}

export function trainingParamsSchema(defaults: Pick<TrainingParams, 'epochs' | 'batch_size' | 'learning_rate' | 'schedule'> & Partial<TrainingParams>): ParamsSchema {
  return {
    epochs: { type: 'number', label: 'Epochs', default: defaults.epochs, min: 1, max: 10000, integer: true },
    batch_size: { type: 'number', label: 'Batch size (0 = auto)', default: defaults.batch_size, min: 0, max: 65536, integer: true },
    learning_rate: { type: 'number', label: 'Learning rate', default: defaults.learning_rate, min: 0, max: 1e9 },
    schedule: { type: 'enum', label: 'Learning-rate schedule', default: defaults.schedule, options: ['constant', 'cosine'] },
    optimizer: { type: 'enum', label: 'Optimiser', default: defaults.optimizer ?? 'adam', options: ['adam', 'sgd', 'rmsprop'] },
    validation_fraction: { type: 'number', label: 'Validation fraction (0 = none)', default: defaults.validation_fraction ?? 0, min: 0, max: 0.5 },
    patience: { type: 'number', label: 'Early-stopping patience in epochs (0 = off)', default: defaults.patience ?? 0, min: 0, max: 10000, integer: true },
    class_weight: { type: 'enum', label: 'Class weights', default: defaults.class_weight ?? 'none', options: ['none', 'balanced'] },
  };
}
