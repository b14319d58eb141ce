/**
 * Logistic (softmax) regression and linear regression: one dense layer. The penalty follows
 * scikit-learn's parameterisation (C for LogisticRegression, alpha for Ridge/Lasso), so the
 * defaults mean what a scikit-learn user expects.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../../params';
import { linearRegression, logisticRegression } from '../descriptors/linear';
import { outputLayer, type Penalty } from './layers';
import type { NetworkKind } from './model';
import { networkModel } from './network-model';

type PenaltyKind = 'l2' | 'l1' | 'none';

/** The per-sample weight of a penalty whose total strength is `strength` over n rows. */
function perSample(kind: PenaltyKind, strength: number): Penalty {
  return kind === 'l1' ? { l1: strength } : kind === 'l2' ? { l2: strength } : {};
}

export const logisticRegressionNetwork: NetworkKind = {
  ...logisticRegression,
  build(values, context) {
    const { C, penalty } = resolveParams<{ C: number; penalty: PenaltyKind }>(this.params, values);
    // scikit-learn minimises ½‖w‖² + C·Σloss (L2) or ‖w‖₁ + C·Σloss (L1); per sample that is mean loss + penalty/(C·n).
    const strength = (penalty === 'l2' ? 0.5 : 1) / (C * context.trainRows);
    const model = tf.sequential();
    model.add(outputLayer(context, context.seed, perSample(penalty, strength), context.inputs));
    return model;
  },
};

export const linearRegressionNetwork: NetworkKind = {
  ...linearRegression,
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

export const logisticRegressionModel = networkModel(logisticRegressionNetwork);
export const linearRegressionModel = networkModel(linearRegressionNetwork);
