/**
 * The pipeline as a graph, in two parts. The data part: source nodes (datasets) and combine nodes
 * (append, join) that read sources or each other, a small DAG converging to one table. From that
 * table on, every node has exactly one input, so the rest is a tree. Each path from the data part's
 * output to an evaluate node is a branch: steps → split → model → evaluate. Branches may share
 * their prefix, so one preprocessing chain can feed several models, all trained and compared in one run.
 */
import { AUTOML_KIND } from '../automl/settings';
import { findModelKind } from '../models/kinds';
import { isCombineKind, JOIN_PORTS } from './combine';
import type { PipelineEdge, PipelineNode, PipelineSpec } from './spec';
import { PipelineError } from './errors';

/** 'automl': a search that reads the data part's table and ends its path, as an evaluate node does. */
export type NodeRole = 'source' | 'combine' | 'step' | 'split' | 'model' | 'evaluate' | 'automl';

export function roleOf(kind: string): NodeRole {
  if (kind === 'source' || kind === 'split' || kind === 'evaluate') return kind;
  if (kind === AUTOML_KIND) return 'automl';
  if (isCombineKind(kind)) return 'combine';
  return findModelKind(kind) ? 'model' : 'step';
}

/** Sources and combine nodes: the part of the pipeline that gathers the data into one table. */
export const isDataRole = (role: NodeRole) => role === 'source' || role === 'combine';

/** What a node's output is, and so which node kinds may follow it (the editor's typed ports). */
export type PortType = 'table' | 'split' | 'model' | 'evaluation';

export function outputType(role: NodeRole): PortType {
  return role === 'source' || role === 'combine' || role === 'step' ? 'table' : role === 'split' ? 'split' : role === 'model' ? 'model' : 'evaluation';
}

/** Nodes that end a path: nothing reads what they give. */
export const isEndRole = (role: NodeRole) => role === 'evaluate' || role === 'automl';

export function inputType(role: NodeRole): PortType | null {
  return role === 'source' ? null : role === 'step' || role === 'split' || role === 'combine' || role === 'automl' ? 'table' : role === 'model' ? 'split' : 'model';
}

/** The named inputs of a kind (a join's left and right), or null when its inputs are not named. */
export function inputPorts(kind: string): readonly string[] | null {
  return kind === 'join' ? JOIN_PORTS : null;
}

/** How many inputs a node of this kind reads: append any number, join two, a source none, the rest one. */
export function maxInputs(kind: string): number {
  return kind === 'source' ? 0 : kind === 'append' ? Infinity : kind === 'join' ? 2 : 1;
}

/** Why `from` may not feed `to`, or null when the connection fits. */
export function connectionProblem(from: PipelineNode, to: PipelineNode): string | null {
  const fromRole = roleOf(from.kind);
  const toRole = roleOf(to.kind);
  const out = outputType(fromRole);
  const wanted = inputType(toRole);
  if (wanted === null) return `a ${to.kind} node takes no input`;
  if (out !== wanted) return `${to.kind} takes a ${wanted}, but ${from.kind} gives a ${out}`;
  if (toRole === 'combine' && !isDataRole(fromRole)) {
    return `${to.kind} combines datasets: it reads sources and other append or join nodes, not ${from.kind} (combine the data before preprocessing)`;
  }
  if (toRole === 'automl' && !isDataRole(fromRole)) {
    return `AutoML reads the dataset as it is (each model it tries brings its own preprocessing): connect it to a source or to the last append or join, not to ${from.kind}`;
  }
  return null;
}

/**
 * Nodes in topological order (Kahn's algorithm): each after every node that feeds it, ties in the
 * order given. `cyclic`: the nodes a cycle keeps out of the order. Edges from or to nodes not
 * listed are ignored, so a part of a pipeline (its data part, say) is ordered on its own.
 */
export function topologicalOrder(nodes: readonly PipelineNode[], edges: readonly PipelineEdge[]): { order: PipelineNode[]; cyclic: PipelineNode[] } {
  const waiting = new Map(nodes.map((n) => [n.id, 0]));
  const next = new Map<string, PipelineNode[]>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    const to = byId.get(e.to);
    if (!byId.has(e.from) || !to) continue;
    waiting.set(e.to, (waiting.get(e.to) as number) + 1);
    next.set(e.from, [...(next.get(e.from) ?? []), to]);
  }
  const order: PipelineNode[] = [];
  const ready = nodes.filter((n) => waiting.get(n.id) === 0);
  while (ready.length) {
    const node = ready.shift() as PipelineNode;
    order.push(node);
    for (const child of next.get(node.id) ?? []) {
      const left = (waiting.get(child.id) as number) - 1;
      waiting.set(child.id, left);
      if (left === 0) ready.push(child);
    }
  }
  return { order, cyclic: nodes.filter((n) => !order.includes(n)) };
}

export interface Branch {
  /** Every node of the path in order, from the data part's output to the evaluate node. */
  path: PipelineNode[];
  steps: PipelineNode[];
  split: PipelineNode;
  model: PipelineNode;
  evaluate: PipelineNode;
}

export interface Plan {
  /** Sources and combine nodes, each after the nodes it reads. */
  data: PipelineNode[];
  /** Where the data part converges: the node (a source or a combine node) whose table every branch reads. */
  root: PipelineNode;
  /** Each node's input edges: an append's in file order, a join's as [left, right]. */
  inputs: ReadonlyMap<string, readonly PipelineEdge[]>;
  branches: Branch[];
  /** The AutoML node of a pipeline that searches for a model instead of training its own branches. */
  search?: PipelineNode;
}

/** Each node's input edges (a join's as [left, right]), after checking every edge on its own. */
function inputsOf(spec: PipelineSpec, byId: Map<string, PipelineNode>): Map<string, PipelineEdge[]> {
  const inputs = new Map<string, PipelineEdge[]>();
  const problems: string[] = [];
  for (const e of spec.edges) {
    const [from, to] = [byId.get(e.from), byId.get(e.to)];
    if (!from || !to) throw new PipelineError([`edge ${e.from} → ${e.to} names a node that does not exist`]);
    const problem = connectionProblem(from, to);
    if (problem) throw new PipelineError([`edge ${e.from} → ${e.to}: ${problem}`]);
    const ports = inputPorts(to.kind);
    if (ports && (e.port === undefined || !ports.includes(e.port))) problems.push(`node "${to.id}": the edge from ${e.from} must say which input it feeds: port ${ports.map((p) => `"${p}"`).join(' or ')}`);
    else if (!ports && e.port !== undefined) problems.push(`edge ${e.from} → ${e.to}: ${to.kind} has no input named "${e.port}"`);
    const list = inputs.get(e.to) ?? [];
    if (ports && list.some((other) => other.port === e.port)) problems.push(`node "${to.id}": two edges feed its ${e.port} input`);
    if (list.length >= maxInputs(to.kind)) {
      problems.push(maxInputs(to.kind) === 1 ? `node "${e.to}" has more than one input; a node reads one table` : `node "${e.to}" has more than ${maxInputs(to.kind)} inputs`);
    }
    inputs.set(e.to, [...list, e]);
  }
  if (problems.length) throw new PipelineError(problems);
  for (const [id, list] of inputs) {
    const ports = inputPorts(byId.get(id)?.kind ?? '');
    if (ports) list.sort((a, b) => ports.indexOf(a.port ?? '') - ports.indexOf(b.port ?? ''));
  }
  return inputs;
}

/** The data part in reading order, and its problems: combine nodes short of inputs, cycles, more than one output. */
function planData(spec: PipelineSpec, inputs: Map<string, PipelineEdge[]>, children: Map<string, string[]>) {
  const dataNodes = spec.nodes.filter((n) => isDataRole(roleOf(n.kind)));
  const problems: string[] = [];
  for (const node of dataNodes) {
    const count = inputs.get(node.id)?.length ?? 0;
    if (node.kind === 'append' && count < 2) problems.push(`node "${node.id}": append stacks the rows of two or more inputs; it has ${count}`);
    if (node.kind === 'join' && count < 2) {
      const have = new Set((inputs.get(node.id) ?? []).map((e) => e.port));
      problems.push(`node "${node.id}": join needs a left and a right input; ${JOIN_PORTS.filter((p) => !have.has(p)).join(' and ')} not connected`);
    }
  }
  const { order, cyclic } = topologicalOrder(dataNodes, spec.edges);
  if (cyclic.length) problems.push(`append and join nodes ${cyclic.map((n) => n.id).join(', ')} read each other in a cycle`);
  const dataIds = new Set(dataNodes.map((n) => n.id));
  const isData = (id: string) => dataIds.has(id);
  const outputs = order.filter((n) => !(children.get(n.id) ?? []).some(isData));
  if (outputs.length > 1) {
    problems.push(`the datasets must come together in one table, but ${outputs.map((n) => n.id).join(', ')} each give their own: connect them to an Append rows or Join node`);
  }
  for (const node of order) {
    if (node === outputs[0] || outputs.length !== 1) continue;
    const steps = (children.get(node.id) ?? []).filter((id) => !isData(id));
    if (steps.length) problems.push(`node "${node.id}" feeds ${steps.join(', ')} but is combined further: preprocessing starts after the last append or join (${outputs[0].id})`);
  }
  return { order, root: outputs.length === 1 ? outputs[0] : undefined, problems };
}

/** The branches of a valid pipeline, or the reason it is not one. */
export function planPipeline(spec: PipelineSpec): Plan {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const inputs = inputsOf(spec, byId);
  const children = new Map<string, string[]>();
  for (const e of spec.edges) children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  if (!spec.nodes.some((n) => n.kind === 'source')) throw new PipelineError(['a pipeline needs at least one source node, found 0']);
  const data = planData(spec, inputs, children);
  if (!data.root) throw new PipelineError(data.problems);
  const reached = new Set<string>(data.order.map((n) => n.id));
  const branches: Branch[] = [];
  const searches: PipelineNode[] = [];
  const problems = data.problems;
  const walk = (path: PipelineNode[]) => {
    const node = path[path.length - 1];
    reached.add(node.id);
    const next = children.get(node.id) ?? [];
    if (next.length === 0) {
      if (node.kind === 'evaluate') branches.push(toBranch(path));
      else if (node.kind === AUTOML_KIND) searches.push(node);
      else problems.push(`node "${node.id}" (${node.kind}) leads nowhere: every branch ends in split → model → evaluate`);
    }
    // The root feeds no data node, and below it every node has one input: a cycle there is unreachable and shows up as unconnected.
    for (const id of next) walk([...path, byId.get(id) as PipelineNode]);
  };
  walk([data.root]);
  const unreached = spec.nodes.filter((n) => !reached.has(n.id)).map((n) => n.id);
  if (unreached.length) problems.unshift(`nodes not connected to the source: ${unreached.join(', ')}`);
  if (searches.length > 1) problems.push(`AutoML nodes ${searches.map((n) => n.id).join(', ')}: a pipeline runs one search`);
  if (searches.length && branches.length) {
    problems.push(`node "${searches[0].id}": a pipeline with an AutoML node runs the search alone; remove the other branches (${branches.map((b) => b.model.id).join(', ')}) or the AutoML node`);
  }
  if (problems.length) throw new PipelineError(problems);
  return { data: data.order, root: data.root, inputs, branches, ...(searches.length ? { search: searches[0] } : {}) };
}

/** Typed ports already force steps → split → model → evaluate along a path. */
function toBranch(path: PipelineNode[]): Branch {
  const at = (role: NodeRole) => path.find((n) => roleOf(n.kind) === role) as PipelineNode;
  return { path, steps: path.filter((n) => roleOf(n.kind) === 'step'), split: at('split'), model: at('model'), evaluate: at('evaluate') };
}

/**
 * The pipeline file of one branch alone, with the data part that feeds it: what a model trained on
 * that branch carries in its bundle.
 */
export function branchSpec(spec: PipelineSpec, branch: Branch): PipelineSpec {
  const ids = new Set([...spec.nodes.filter((n) => isDataRole(roleOf(n.kind))).map((n) => n.id), ...branch.path.map((n) => n.id)]);
  return { ...spec, nodes: spec.nodes.filter((n) => ids.has(n.id)), edges: spec.edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}
