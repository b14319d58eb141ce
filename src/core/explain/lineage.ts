/**
 * Which source columns each of a model's features comes from, read off the fitted steps: a step
 * says which input columns each column it creates is made from (StepKind.sources); a column kept
 * under its name keeps its sources. So `colour=red` comes from `colour`, `a*b` from `a` and `b`.
 */
import type { FittedStep } from '../pipeline/fitted';
import { findStepKind } from '../steps/registry';

export function featureSources(columns: readonly string[], steps: readonly FittedStep[], features: readonly string[]): string[][] {
  const sources = new Map(columns.map((c) => [c, [c]]));
  for (const step of steps) {
    const created = findStepKind(step.kind)?.sources?.(step.state) ?? {};
    for (const [name, inputs] of Object.entries(created)) sources.set(name, [...new Set(inputs.flatMap((input) => sources.get(input) ?? [input]))]);
  }
  return features.map((f) => sources.get(f) ?? [f]);
}

/**
 * Per-feature values (rows × features × width) summed into per-column values (rows × columns ×
 * width); a feature made from several columns is shared equally among them, so sums are kept.
 */
export function sumBySource(values: Float64Array, rows: number, width: number, sources: readonly string[][], columns: readonly string[]): Float64Array {
  const F = sources.length;
  const C = columns.length;
  const index = new Map(columns.map((c, i) => [c, i]));
  const out = new Float64Array(rows * C * width);
  sources.forEach((from, f) => {
    const targets = from.map((c) => index.get(c)).filter((i): i is number => i !== undefined);
    if (targets.length === 0) return;
    const share = 1 / targets.length;
    for (let r = 0; r < rows; r++) {
      for (const c of targets) for (let k = 0; k < width; k++) out[(r * C + c) * width + k] += values[(r * F + f) * width + k] * share;
    }
  });
  return out;
}
