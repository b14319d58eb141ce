/**
 * The validation gate: thresholds set on the evaluate node that a run must pass before its model
 * may be promoted to production. The verdict and the values it judged are stored with the model.
 */
import { sensitiveParams } from '../fairness/params';
import { resolveParams, type ParamsSchema } from '../params';
import type { ParamValue, Task } from './spec';

export const gateParams: ParamsSchema = {
  min_accuracy: { type: 'number', label: 'Gate: accuracy at least (0 = off)', default: 0, min: 0, max: 1 },
  min_f1_macro: { type: 'number', label: 'Gate: macro-F1 at least (0 = off)', default: 0, min: 0, max: 1 },
  min_class_recall: { type: 'number', label: 'Gate: every class recall at least (0 = off)', default: 0, min: 0, max: 1 },
  min_r2: { type: 'number', label: 'Gate: R² at least', default: 0, min: -1e9, max: 1 },
  max_rmse: { type: 'number', label: 'Gate: RMSE at most (0 = off)', default: 0, min: 0 },
  max_demographic_parity_difference: { type: 'number', label: 'Gate: demographic parity difference at most (0 = off)', default: 0, min: 0, max: 1 },
  max_equalized_odds_difference: { type: 'number', label: 'Gate: equalized odds difference at most (0 = off)', default: 0, min: 0, max: 1 },
};

/** The evaluate node's parameters: the gate's thresholds, and the sensitive columns whose fairness report the gate may judge. */
export const evaluateParams: ParamsSchema = { ...gateParams, ...sensitiveParams };

interface GateThresholds {
  min_accuracy: number;
  min_f1_macro: number;
  min_class_recall: number;
  min_r2: number;
  max_rmse: number;
  max_demographic_parity_difference: number;
  max_equalized_odds_difference: number;
}

export interface GateCheck {
  /** What was judged, e.g. 'accuracy' or 'recall of class Chinstrap'. */
  metric: string;
  op: '≥' | '≤';
  threshold: number;
  value: number;
  passed: boolean;
}

export interface GateVerdict {
  passed: boolean;
  checks: GateCheck[];
}

const atLeast = (metric: string, threshold: number, value: number): GateCheck => ({ metric, op: '≥', threshold, value, passed: value >= threshold });
const atMost = (metric: string, threshold: number, value: number): GateCheck => ({ metric, op: '≤', threshold, value, passed: value <= threshold });

/** The fairness thresholds, judged on the fairness report's disparities (core/fairness: the worst over the outcome classes). */
function fairnessChecks(t: GateThresholds, disparities: Record<string, number | null> | undefined): GateCheck[] {
  const limits = [
    ['demographic parity difference', t.max_demographic_parity_difference, 'demographic_parity_difference'],
    ['equalized odds difference', t.max_equalized_odds_difference, 'equalized_odds_difference'],
  ] as const;
  return limits.flatMap(([metric, threshold, key]) => {
    if (!(threshold > 0)) return [];
    const value = disparities?.[key];
    // The pipeline's validation asks for sensitive columns wherever a fairness threshold is set.
    if (typeof value !== 'number') throw new Error(`The gate's ${metric} threshold needs a fairness report: mark the sensitive columns`);
    return [atMost(metric, threshold, value)];
  });
}

/**
 * Judge a run's test metrics (and, where fairness thresholds are set, the disparities of its
 * fairness report) against the evaluate node's thresholds. A threshold of 0 is off where 0 can never fail.
 */
export function judgeGate(
  task: Task,
  values: Record<string, ParamValue>,
  metrics: Record<string, number>,
  classRecall: readonly { class: string; recall: number }[] = [],
  disparities?: Record<string, number | null>,
): GateVerdict {
  const t = resolveParams<GateThresholds>(gateParams, values);
  const checks: GateCheck[] = [];
  if (task === 'classification') {
    if (t.min_accuracy > 0) checks.push(atLeast('accuracy', t.min_accuracy, metrics.accuracy));
    if (t.min_f1_macro > 0) checks.push(atLeast('macro-F1', t.min_f1_macro, metrics.f1_macro));
    if (t.min_class_recall > 0) for (const c of classRecall) checks.push(atLeast(`recall of class ${c.class}`, t.min_class_recall, c.recall));
    checks.push(...fairnessChecks(t, disparities));
  } else {
    checks.push(atLeast('R²', t.min_r2, metrics.r2));
    if (t.max_rmse > 0) checks.push(atMost('RMSE', t.max_rmse, metrics.rmse));
  }
  return { passed: checks.every((c) => c.passed), checks };
}
