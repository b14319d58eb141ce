/** Parameter schemas: one description drives validation, defaults and (later) the inspector form. */
import type { ParamValue } from './values';

export type ParamSchema =
  | { type: 'number'; label: string; default: number; min?: number; max?: number; integer?: boolean }
  | { type: 'enum'; label: string; default: string; options: readonly string[] }
  | { type: 'boolean'; label: string; default: boolean }
  | { type: 'string'; label: string; default: string }
  /** One column of the node's input ('' = none chosen, refused when required); the editor offers the upstream schema. */
  | { type: 'column'; label: string; default: string; required?: boolean }
  /** Some columns of the node's input ([] = every column the step applies to). */
  | { type: 'columns'; label: string; default: readonly string[] };

export type ParamsSchema = Record<string, ParamSchema>;

export function defaultParams(schema: ParamsSchema): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(schema).map(([key, p]): [string, ParamValue] => [key, p.type === 'columns' ? [...p.default] : p.default]));
}

/** Problems with the given values, each naming the parameter and what was expected. */
export function paramProblems(schema: ParamsSchema, values: Record<string, ParamValue>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(values)) {
    if (!(key in schema)) problems.push(`unknown parameter "${key}"`);
  }
  for (const [key, p] of Object.entries(schema)) {
    const v = values[key];
    if (v === undefined) continue;
    if (p.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${key} must be a number`);
      else if (p.integer && !Number.isInteger(v)) problems.push(`${key} must be a whole number`);
      else if (p.min !== undefined && v < p.min) problems.push(`${key} must be ≥ ${p.min}`);
      else if (p.max !== undefined && v > p.max) problems.push(`${key} must be ≤ ${p.max}`);
    } else if (p.type === 'enum') {
      if (typeof v !== 'string' || !p.options.includes(v)) problems.push(`${key} must be one of ${p.options.join(', ')}`);
    } else if (p.type === 'boolean') {
      if (typeof v !== 'boolean') problems.push(`${key} must be true or false`);
    } else if (p.type === 'columns') {
      if (!Array.isArray(v) || !v.every((c) => typeof c === 'string')) problems.push(`${key} must be a list of column names`);
    } else if (typeof v !== 'string') {
      problems.push(`${key} must be text`);
    } else if (p.type === 'column' && p.required && v === '') {
      problems.push(`${key}: choose a column`);
    }
  }
  return problems;
}

/** Schema defaults overlaid with the given values. */
export function resolveParams<T>(schema: ParamsSchema, values: Record<string, ParamValue>): T {
  return { ...defaultParams(schema), ...values } as T;
}
