/**
 * The node kinds the editor knows: the spec's built-in kinds (source, append, join, split,
 * evaluate), whose parameter schemas live in core/pipeline, and the step and model kinds from their
 * registries' descriptors (tfjs-free: the implementations stay in the worker).
 */
import { AUTOML_KIND, automlParams } from '../core/automl/settings';
import { appendParams, joinParams } from '../core/pipeline/combine';
import { evaluateParams } from '../core/pipeline/gate';
import { splitParams } from '../core/pipeline/split';
import { sourceParams, type PipelineSpec } from '../core/pipeline/spec';
import { defaultParams, type ParamsSchema } from '../core/params';
import type { ModelDescriptor } from '../core/models/contract';
import { modelKinds } from '../core/models/kinds';
import { HASH_COLUMNS, pipelineSalt } from '../core/steps/hash-columns';
import { stepKinds } from '../core/steps/registry';
import type { StepKind } from '../core/steps/step';
import type { ParamValue, Task } from '../core/values';

export const MODEL_KINDS: readonly ModelDescriptor[] = modelKinds;
export const STEP_KINDS: readonly StepKind[] = stepKinds;

/** The kinds the spec has besides steps and models: their parameter schemas live in core. */
export const BUILTIN_PARAMS: Readonly<Record<string, ParamsSchema>> = { source: sourceParams, append: appendParams, join: joinParams, split: splitParams, evaluate: evaluateParams, [AUTOML_KIND]: automlParams };

const BUILTIN_TITLES: Readonly<Record<string, string>> = { source: 'Dataset', append: 'Append rows', join: 'Join', split: 'Train/test split', evaluate: 'Evaluate', [AUTOML_KIND]: 'AutoML' };

/** The parameter schema of a node kind, when it is known. */
export function paramsOfKind(kind: string): ParamsSchema | undefined {
  return BUILTIN_PARAMS[kind] ?? STEP_KINDS.find((k) => k.kind === kind)?.params ?? MODEL_KINDS.find((k) => k.kind === kind)?.params;
}

/** What the editor calls a node kind; an unknown kind is shown as itself. */
export function titleOfKind(kind: string): string {
  return BUILTIN_TITLES[kind] ?? STEP_KINDS.find((k) => k.kind === kind)?.title ?? MODEL_KINDS.find((k) => k.kind === kind)?.title ?? kind;
}

/**
 * The parameters a new node of `kind` starts with, in a pipeline for `task`: its schema's defaults;
 * a split stratifies classification targets; a new evaluate node sets no gate threshold; a hash
 * step takes the pipeline's salt (`spec`'s, or a fresh one).
 */
export function defaultParamsOfKind(kind: string, task: Task | undefined, spec?: PipelineSpec | null): Record<string, ParamValue> {
  if (kind === 'evaluate') return {};
  const schema = paramsOfKind(kind);
  const params = schema ? defaultParams(schema) : {};
  if (kind === 'split' && task) params.stratify = task === 'classification';
  if (kind === HASH_COLUMNS) params.salt = pipelineSalt(spec);
  return params;
}

export function isModelKind(kind: string): boolean {
  return MODEL_KINDS.some((k) => k.kind === kind);
}
