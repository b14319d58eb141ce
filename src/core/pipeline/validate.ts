/**
 * Reading a pipeline file: check the format and version, migrate older versions, and validate the
 * graph and every node's parameters. A file is accepted whole or refused with the exact problem.
 */
import { paramProblems } from '../params';
import { findModelKind } from '../models/registry';
import { findStepKind } from '../steps/registry';
import { gateParams } from './gate';
import { splitParams } from './split';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineNode, type PipelineSpec } from './spec';

export class PipelineError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid pipeline: ${problems[0]}` : `Invalid pipeline:\n- ${problems.join('\n- ')}`);
    this.name = 'PipelineError';
  }
}

/** Older versions upgrade one step at a time: MIGRATIONS[v] turns version v into v + 1. */
const MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

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
  if (node.kind === 'source') return [];
  if (node.kind === 'evaluate') return paramProblems(gateParams, node.params).map((p) => `${at}: ${p}`);
  if (node.kind === 'split') return paramProblems(splitParams, node.params).map((p) => `${at}: ${p}`);
  const step = findStepKind(node.kind);
  if (step) return paramProblems(step.params, node.params).map((p) => `${at}: ${p}`);
  const model = findModelKind(node.kind);
  if (!model) return [`${at}: unknown kind "${node.kind}"`];
  const problems = paramProblems(model.params, node.params).map((p) => `${at}: ${p}`);
  if (!model.tasks.includes(task as never)) problems.push(`${at}: ${model.title} cannot do ${task}`);
  return problems;
}

/** The role each position of the chain must play, for the executor's linear chain. */
function roleOf(kind: string): 'source' | 'step' | 'split' | 'model' | 'evaluate' {
  if (kind === 'source' || kind === 'split' || kind === 'evaluate') return kind;
  return findModelKind(kind) ? 'model' : 'step';
}

/** The nodes in execution order, or the reason they do not form source → steps → split → model → evaluate. */
export function chainOrder(spec: PipelineSpec): PipelineNode[] {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const next = new Map<string, string>();
  const incoming = new Set<string>();
  for (const e of spec.edges) {
    if (!byId.has(e.from) || !byId.has(e.to)) throw new PipelineError([`edge ${e.from} → ${e.to} names a node that does not exist`]);
    if (next.has(e.from)) throw new PipelineError([`node "${e.from}" has more than one outgoing edge; branches are not supported yet`]);
    if (incoming.has(e.to)) throw new PipelineError([`node "${e.to}" has more than one incoming edge`]);
    next.set(e.from, e.to);
    incoming.add(e.to);
  }
  const sources = spec.nodes.filter((n) => n.kind === 'source');
  if (sources.length !== 1) throw new PipelineError([`a pipeline needs exactly one source node, found ${sources.length}`]);
  const order: PipelineNode[] = [];
  for (let id: string | undefined = sources[0].id; id !== undefined; id = next.get(id)) {
    if (order.length > spec.nodes.length) throw new PipelineError(['the edges form a cycle']);
    order.push(byId.get(id) as PipelineNode);
  }
  if (order.length !== spec.nodes.length) {
    const unreached = spec.nodes.filter((n) => !order.includes(n)).map((n) => n.id);
    throw new PipelineError([`nodes not connected to the source: ${unreached.join(', ')}`]);
  }
  const roles = order.map((n) => roleOf(n.kind)).join(' ');
  if (!/^source( step)* split model evaluate$/.test(roles)) {
    throw new PipelineError([`the chain must be source → steps → split → model → evaluate, found ${order.map((n) => n.kind).join(' → ')}`]);
  }
  return order;
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
  }
  if (problems.length) throw new PipelineError(problems);
  chainOrder(spec);
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
    if (!isObject(e) || typeof e.from !== 'string' || typeof e.to !== 'string') shapeProblems.push(`edges[${i}] must be {from: string, to: string}`);
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
