/** One row's contributions to one output, as a waterfall shows them, the CLI prints them and prediction files hold them. */
import type { ExplainedRows, RowContributions } from './types';

/** Each row's explained raw outputs: base + Σ contributions (which equals the model's raw output). */
function totals(e: ExplainedRows, row: number): number[] {
  const K = e.outputs.length;
  const C = e.columns.length;
  return e.outputs.map((_, k) => {
    let sum = e.base[k];
    for (let c = 0; c < C; c++) sum += e.values[(row * C + c) * K + k];
    return sum;
  });
}

/** The class the model predicts for the row, from its raw outputs (the largest probability or score; log-odds above 0). */
export function predictedClass(e: ExplainedRows, row: number): number {
  const t = totals(e, row);
  if (e.link === 'logistic') return t[0] > 0 ? 1 : 0;
  return t.reduce((best, v, k) => (v > t[best] ? k : best), 0);
}

/** Which raw output a class is read from, with the sign (the first class of two is the negated log-odds of the second). */
function outputOf(e: ExplainedRows, cls: number): { k: number; sign: number; scale: string } {
  const name = e.classes?.[cls] ?? '';
  if (!e.classes) return { k: 0, sign: 1, scale: `predicted ${e.target}` };
  if (e.link === 'logistic') return { k: 0, sign: cls === 1 ? 1 : -1, scale: `log-odds of ${name}` };
  if (e.link === 'softmax') return { k: cls, sign: 1, scale: `raw score of ${name} (before the softmax)` };
  return { k: cls, sign: 1, scale: `probability of ${name}` };
}

/** Row `row`'s contributions to class `cls` (default: the predicted one) or to the value, in column order. */
export interface RowValues {
  scale: string;
  class?: string;
  base: number;
  total: number;
  values: Float64Array;
  errors?: Float64Array;
}

export function rowValues(e: ExplainedRows, row: number, cls?: number): RowValues {
  const chosen = e.classes ? (cls ?? predictedClass(e, row)) : 0;
  const { k, sign, scale } = outputOf(e, chosen);
  const K = e.outputs.length;
  const C = e.columns.length;
  const at = (c: number) => (row * C + c) * K + k;
  return {
    scale,
    ...(e.classes ? { class: e.classes[chosen] } : {}),
    base: sign * e.base[k],
    total: sign * totals(e, row)[k],
    values: Float64Array.from({ length: C }, (_, c) => sign * e.values[at(c)]),
    ...(e.error ? { errors: Float64Array.from({ length: C }, (_, c) => (e.error as Float64Array)[at(c)]) } : {}),
  };
}

/** The same, largest magnitude first, with how they were computed: what a waterfall draws. */
export function rowContributions(e: ExplainedRows, row: number, cls?: number): RowContributions {
  const { values, errors, ...rest } = rowValues(e, row, cls);
  const contributions = e.columns.map((column, c) => ({ column, value: values[c], ...(errors ? { error: errors[c] } : {}) }));
  contributions.sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.column < b.column ? -1 : 1));
  return { ...rest, method: e.method, reference: e.reference, contributions };
}
