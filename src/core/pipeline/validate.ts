/**
 * Reading a pipeline file: check the format and version, migrate older versions, and validate the
 * graph and every node's parameters. A file is accepted whole or refused with the exact problem.
 */
import { AUTOML_KIND, automlProblems } from '../automl/settings';
import { paramProblems } from '../params';
import { findModelKind } from '../models/kinds';
import { findStepKind } from '../steps/registry';
import { combineParamProblems, combineParams, isCombineKind } from './combine';
import { sensitiveProblems } from '../fairness/params';
import { evaluateParams } from './gate';
import { splitParams } from './split';
import { PipelineError } from './errors';
import { planPipeline } from './graph';
import { PIPELINE_FORMAT, PIPELINE_VERSION, sourceParams, type PipelineNode, type PipelineSpec, type Task } from './spec';

export { PipelineError };

/**
 * The epoch-training parameters that logistic and linear regression had in version 1, when they
 * trained as one-layer networks; from version 2 they are fitted by solvers (logistic regression
 * keeps its class weights).
 */
const EPOCH_PARAMS = ['epochs', 'batch_size', 'learning_rate', 'schedule', 'optimizer', 'validation_fraction', 'patience'];
const DROPPED_IN_2: Record<string, readonly string[]> = { logistic_regression: EPOCH_PARAMS, linear_regression: [...EPOCH_PARAMS, 'class_weight'] };

/** Older versions upgrade one step at a time: MIGRATIONS[v] turns version v into v + 1. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  1: (old) => ({
    ...old,
    version: 2,
    nodes: Array.isArray(old.nodes)
      ? old.nodes.map((node: PipelineNode) => {
          const dropped = isObject(node) && isObject(node.params) ? DROPPED_IN_2[node.kind] : undefined;
          return dropped ? { ...node, params: Object.fromEntries(Object.entries(node.params).filter(([key]) => !dropped.includes(key))) } : node;
        })
      : old.nodes,
  }),
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function migrate(raw: Record<string, unknown>): Record<string, unknown> {
  if (raw.format !== PIPELINE_FORMAT) {
    throw new PipelineError([`format must be "${PIPELINE_FORMAT}", found ${JSON.stringify(raw.format)}`]);
  }
  let version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new PipelineError([`version must be a whole number ≥ 1, found ${JSON.stringify(version)}`]);
  }
  if (version > PIPELINE_VERSION) {
    throw new PipelineError([
      `version ${version} was written by a newer Pipeline Studio; this one reads versions up to ${PIPELINE_VERSION}`,
    ]);
  }
  let current = raw;
  while (version < PIPELINE_VERSION) {
    current = MIGRATIONS[version](current);
    version++;
  }
  return current;
}

function nodeProblems(node: PipelineNode, task: string): string[] {
  const at = `node "${node.id}"`;
  if (node.kind === 'source') return paramProblems(sourceParams, node.params).map((p) => `${at}: ${p}`);
  if (isCombineKind(node.kind)) return [...paramProblems(combineParams[node.kind], node.params), ...combineParamProblems(node)].map((p) => `${at}: ${p}`);
  if (node.kind === 'evaluate') return paramProblems(evaluateParams, node.params).map((p) => `${at}: ${p}`);
  if (node.kind === 'split') return paramProblems(splitParams, node.params).map((p) => `${at}: ${p}`);
  if (node.kind === AUTOML_KIND) return automlProblems(node.params, task as Task).map((p) => `${at}: ${p}`);
  const step = findStepKind(node.kind);
  if (step) return paramProblems(step.params, node.params).map((p) => `${at}: ${p}`);
  const model = findModelKind(node.kind);
  if (!model) return [`${at}: unknown kind "${node.kind}"`];
  const problems = [...paramProblems(model.params, node.params), ...(model.paramProblems?.(node.params, task as Task, findModelKind) ?? [])].map((p) => `${at}: ${p}`);
  if (!model.tasks.includes(task as never)) problems.push(`${at}: ${model.title} cannot do ${task}`);
  return problems;
}

export function validatePipeline(spec: PipelineSpec): void {
  const problems: string[] = [];
  if (typeof spec.target !== 'string' || spec.target === '') problems.push('target must name a column');
  if (spec.task !== 'classification' && spec.task !== 'regression') problems.push(`task must be classification or regression, found ${JSON.stringify(spec.task)}`);
  const ids = new Set<string>();
  for (const node of spec.nodes) {
    if (ids.has(node.id)) problems.push(`node id "${node.id}" is used twice`);
    ids.add(node.id);
    problems.push(...nodeProblems(node, spec.task));
    if (node.kind === 'evaluate') problems.push(...sensitiveProblems(node.params, spec.target, spec.task).map((p) => `node "${node.id}": ${p}`));
  }
  // The graph's problems too, so that the editor lists everything at once.
  try {
    planPipeline(spec);
  } catch (e) {
    if (!(e instanceof PipelineError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length) throw new PipelineError(problems);
}

/** A spec stored by an earlier version (in IndexedDB, in a model file) brought to the current version; a newer one is refused. */
export function upgradePipeline(spec: PipelineSpec): PipelineSpec {
  return migrate(spec as unknown as Record<string, unknown>) as unknown as PipelineSpec;
}

/** Parse, migrate and validate a pipeline file's text. */
export function parsePipeline(text: string): PipelineSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PipelineError([`the file is not JSON (${(e as Error).message})`]);
  }
  if (!isObject(raw)) throw new PipelineError(['the file must hold a JSON object']);
  const migrated = migrate(raw);
  const shapeProblems: string[] = [];
  if (!Array.isArray(migrated.nodes)) shapeProblems.push('nodes must be an array');
  else migrated.nodes.forEach((n, i) => {
    if (!isObject(n) || typeof n.id !== 'string' || typeof n.kind !== 'string' || !isObject(n.params)) {
      shapeProblems.push(`nodes[${i}] must be {id: string, kind: string, params: object}`);
    }
  });
  if (!Array.isArray(migrated.edges)) shapeProblems.push('edges must be an array');
  else migrated.edges.forEach((e, i) => {
    if (!isObject(e) || typeof e.from !== 'string' || typeof e.to !== 'string' || (e.port !== undefined && typeof e.port !== 'string')) {
      shapeProblems.push(`edges[${i}] must be {from: string, to: string, port?: string}`);
    }
  });
  if (typeof migrated.name !== 'string') shapeProblems.push('name must be a string');
  if (shapeProblems.length) throw new PipelineError(shapeProblems);
  const spec = migrated as unknown as PipelineSpec;
  validatePipeline(spec);
  return spec;
}

export function serializePipeline(spec: PipelineSpec): string {
  return JSON.stringify(spec, null, 2) + '\n';
}
