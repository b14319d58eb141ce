/**
 * Logistic (softmax) regression and linear regression: one dense layer. The L2 penalty follows
 * scikit-learn's parameterisation (C for LogisticRegression, alpha for Ridge), so the defaults mean
 * what a scikit-learn user expects.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../params';
import { outputLayer } from './layers';
import { trainingParamsSchema, type ModelKind } from './model';

export const logisticRegression: ModelKind = {
  kind: 'logistic_regression',
  title: 'Logistic regression',
  tasks: ['classification'],
  params: {
    C: { type: 'number', label: 'Inverse regularisation strength C', default: 1, min: 1e-6, max: 1e6 },
    ...trainingParamsSchema({ epochs: 100, batch_size: 0, learning_rate: 0.03, schedule: 'cosine' }),
  },
  build(values, context) {
    const { C } = resolveParams<{ C: number }>(this.params, values);
    // scikit-learn minimises ½‖w‖² + C·Σloss; per sample that is mean loss + ‖w‖²/(2·C·n).
    const l2 = 1 / (2 * C * context.trainRows);
    const model = tf.sequential();
    model.add(outputLayer(context, context.seed, l2, context.inputs));
    return model;
  },
};

export const linearRegression: ModelKind = {
  kind: 'linear_regression',
  title: 'Linear regression (ridge)',
  tasks: ['regression'],
  params: {
    alpha: { type: 'number', label: 'L2 penalty alpha', default: 1, min: 0, max: 1e6 },
    ...trainingParamsSchema({ epochs: 100, batch_size: 0, learning_rate: 0.03, schedule: 'cosine' }),
  },
  build(values, context) {
    const { alpha } = resolveParams<{ alpha: number }>(this.params, values);
    // Ridge minimises ‖y − Xw‖² + alpha·‖w‖²; per sample that is mean loss + alpha·‖w‖²/n.
    const model = tf.sequential();
    model.add(outputLayer(context, context.seed, alpha / context.trainRows, context.inputs));
    return model;
  },
};
