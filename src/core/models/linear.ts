/**
 * Logistic (softmax) regression and linear regression: one dense layer. The penalty follows
 * scikit-learn's parameterisation (C for LogisticRegression, alpha for Ridge/Lasso), so the
 * defaults mean what a scikit-learn user expects.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import { outputLayer, type Penalty } from './layers';
import { trainingParamsSchema, type ModelKind } from './model';

type PenaltyKind = 'l2' | 'l1' | 'none';

const penaltyParam = { type: 'enum', label: 'Penalty', default: 'l2', options: ['l2', 'l1', 'none'] } as const;

/** The per-sample weight of a penalty whose total strength is `strength` over n rows. */
function perSample(kind: PenaltyKind, strength: number): Penalty {
  return kind === 'l1' ? { l1: strength } : kind === 'l2' ? { l2: strength } : {};
}

export const logisticRegression: ModelKind = {
  kind: 'logistic_regression',
  title: 'Logistic regression',
  tasks: ['classification'],
  params: {
    penalty: penaltyParam,
    C: { type: 'number', label: 'Inverse regularisation strength C', default: 1, min: 1e-6, max: 1e6 },
    ...trainingParamsSchema({ epochs: 100, batch_size: 0, learning_rate: 0.03, schedule: 'cosine' }),
  },
  build(values, context) {
    const { C, penalty } = resolveParams<{ C: number; penalty: PenaltyKind }>(this.params, values);
    // scikit-learn minimises ½‖w‖² + C·Σloss (L2) or ‖w‖₁ + C·Σloss (L1); per sample that is mean loss + penalty/(C·n).
    const strength = (penalty === 'l2' ? 0.5 : 1) / (C * context.trainRows);
    const model = tf.sequential();
    model.add(outputLayer(context, context.seed, perSample(penalty, strength), context.inputs));
    return model;
  },
};

export const linearRegression: ModelKind = {
  kind: 'linear_regression',
  title: 'Linear regression (ridge)',
  tasks: ['regression'],
  params: {
    penalty: penaltyParam,
    alpha: { type: 'number', label: 'Regularisation strength alpha', default: 1, min: 0, max: 1e6 },
    ...trainingParamsSchema({ epochs: 100, batch_size: 0, learning_rate: 0.03, schedule: 'cosine' }),
  },
  build(values, context) {
    const { alpha, penalty } = resolveParams<{ alpha: number; penalty: PenaltyKind }>(this.params, values);
    // Ridge minimises ‖y − Xw‖² + alpha·‖w‖²: per sample alpha/n, whatever the target's scale. Lasso
    // minimises (1/2n)‖y − Xw‖² + alpha·‖w‖₁: on the mean squared error of a target standardised by σ
    // that is 2·alpha/σ.
    const strength = penalty === 'l1' ? (2 * alpha) / context.targetStd : alpha / context.trainRows;
    const model = tf.sequential();
    model.add(outputLayer(context, context.seed, perSample(penalty, strength), context.inputs));
    return model;
  },
};
