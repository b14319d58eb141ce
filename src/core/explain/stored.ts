/** A model file's explanations.json read back: checked field by field, so a damaged one is refused with the reason. */
import type { FeatureImportance, GlobalExplanation, Importance } from './types';

function importance(value: unknown, where: string, withSources: boolean): Importance | FeatureImportance {
  const v = value as Record<string, unknown>;
  if (typeof v !== 'object' || v === null || typeof v.name !== 'string' || typeof v.mean !== 'number' || typeof v.std !== 'number' || !Number.isFinite(v.mean) || !(v.std >= 0)) {
    throw new Error(`${where} must have a name, a finite mean and a standard deviation ≥ 0`);
  }
  if (withSources && !(Array.isArray(v.sources) && v.sources.every((s) => typeof s === 'string'))) throw new Error(`${where} must list its source columns`);
  return v as unknown as Importance;
}

export function readExplanation(value: unknown): GlobalExplanation {
  const v = value as Record<string, unknown>;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('it is not a JSON object');
  if (v.version !== 1) throw new Error(`version ${JSON.stringify(v.version)} is not 1`);
  if (v.metric !== 'accuracy' && v.metric !== 'r2') throw new Error(`metric ${JSON.stringify(v.metric)} is not accuracy or r2`);
  for (const key of ['baseline', 'rows', 'repeats', 'seed'] as const) if (typeof v[key] !== 'number') throw new Error(`"${key}" is not a number`);
  if (typeof v.data !== 'string') throw new Error('"data" is not a string');
  if (!Array.isArray(v.columns) || !Array.isArray(v.features)) throw new Error('"columns" and "features" must be lists');
  v.columns.forEach((c, i) => importance(c, `columns[${i}]`, false));
  v.features.forEach((f, i) => importance(f, `features[${i}]`, true));
  return v as unknown as GlobalExplanation;
}
