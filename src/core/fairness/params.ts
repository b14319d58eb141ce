/**
 * Where sensitive columns live: on the evaluate node, beside the validation gate that judges the
 * fairness report (the editor sets the same values on every evaluate node of a pipeline). Old
 * pipeline files have none, and mean what they meant.
 */
import { resolveParams, type ParamsSchema } from '../params';
import type { ParamValue, Task } from '../values';

export const sensitiveParams: ParamsSchema = {
  sensitive: { type: 'columns', label: 'Sensitive columns (the fairness report’s groups)', default: [] },
  sensitive_as_inputs: { type: 'boolean', label: 'Let the model read the sensitive columns', default: false },
};

/** The fairness thresholds of the validation gate (0 = off); they judge the fairness report of classification models. */
export const FAIRNESS_THRESHOLDS = ['max_demographic_parity_difference', 'max_equalized_odds_difference'] as const;

export interface Sensitive {
  /** Source columns the fairness report groups the test rows by. */
  columns: string[];
  /** The columns the model may not read: the sensitive ones unless the user lets it. */
  leftOut: string[];
}

export function sensitiveOf(values: Record<string, ParamValue>): Sensitive {
  const { sensitive, sensitive_as_inputs } = resolveParams<{ sensitive: string[]; sensitive_as_inputs: boolean }>(sensitiveParams, values);
  const columns = [...new Set(sensitive)];
  return { columns, leftOut: sensitive_as_inputs ? [] : columns };
}

/** What an evaluate node's fairness settings get wrong, given the pipeline's target and task. */
export function sensitiveProblems(values: Record<string, ParamValue>, target: string, task: Task): string[] {
  const problems: string[] = [];
  if (!Array.isArray(values.sensitive ?? [])) return problems;
  const { columns } = sensitiveOf(values);
  if (columns.includes(target)) problems.push(`sensitive: the target "${target}" cannot be a sensitive column`);
  for (const key of FAIRNESS_THRESHOLDS) {
    const threshold = values[key];
    if (typeof threshold !== 'number' || threshold <= 0) continue;
    if (task !== 'classification') problems.push(`${key}: fairness thresholds judge classification models; this pipeline does regression`);
    else if (columns.length === 0) problems.push(`${key}: mark the sensitive columns whose groups it compares`);
  }
  return problems;
}
