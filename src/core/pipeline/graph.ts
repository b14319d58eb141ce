/**
 * The pipeline as a graph: every node but the source has exactly one input, so the graph is a
 * tree rooted at the source. Each path from the source to an evaluate node is a branch:
 * source → steps → split → model → evaluate. Branches may share their prefix, so one
 * preprocessing chain can feed several models, all trained and compared in one run.
 */
import { findModelKind } from '../models/registry';
import type { PipelineNode, PipelineSpec } from './spec';
import { PipelineError } from './errors';

export type NodeRole = 'source' | 'step' | 'split' | 'model' | 'evaluate';

export function roleOf(kind: string): NodeRole {
  if (kind === 'source' || kind === 'split' || kind === 'evaluate') return kind;
  return findModelKind(kind) ? 'model' : 'step';
}

/** What a node's output is, and so which node kinds may follow it (the editor's typed ports). */
export type PortType = 'table' | 'split' | 'model' | 'evaluation';

export function outputType(role: NodeRole): PortType {
  return role === 'source' || role === 'step' ? 'table' : role === 'split' ? 'split' : role === 'model' ? 'model' : 'evaluation';
}

export function inputType(role: NodeRole): PortType | null {
  return role === 'source' ? null : role === 'step' || role === 'split' ? 'table' : role === 'model' ? 'split' : 'model';
}

/** Why `from` may not feed `to`, or null when the connection fits. */
export function connectionProblem(from: PipelineNode, to: PipelineNode): string | null {
  const out = outputType(roleOf(from.kind));
  const wanted = inputType(roleOf(to.kind));
  if (wanted === null) return `a ${to.kind} node takes no input`;
  return out === wanted ? null : `${to.kind} takes a ${wanted}, but ${from.kind} gives a ${out}`;
}

export interface Branch {
  /** Every node of the path in order, source first, evaluate last. */
  path: PipelineNode[];
  steps: PipelineNode[];
  split: PipelineNode;
  model: PipelineNode;
  evaluate: PipelineNode;
}

export interface Plan {
  source: PipelineNode;
  branches: Branch[];
}

function edgesOf(spec: PipelineSpec) {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const parent = new Map<string, string>();
  const children = new Map<string, string[]>();
  for (const e of spec.edges) {
    const [from, to] = [byId.get(e.from), byId.get(e.to)];
    if (!from || !to) throw new PipelineError([`edge ${e.from} → ${e.to} names a node that does not exist`]);
    if (parent.has(e.to)) throw new PipelineError([`node "${e.to}" has more than one input; a node reads one table`]);
    const problem = connectionProblem(from, to);
    if (problem) throw new PipelineError([`edge ${e.from} → ${e.to}: ${problem}`]);
    parent.set(e.to, e.from);
    children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  }
  return { byId, children };
}

/** The branches of a valid pipeline, or the reason it is not one. */
export function planPipeline(spec: PipelineSpec): Plan {
  const { byId, children } = edgesOf(spec);
  const sources = spec.nodes.filter((n) => n.kind === 'source');
  if (sources.length !== 1) throw new PipelineError([`a pipeline needs exactly one source node, found ${sources.length}`]);
  const reached = new Set<string>();
  const branches: Branch[] = [];
  const problems: string[] = [];
  const walk = (path: PipelineNode[]) => {
    const node = path[path.length - 1];
    reached.add(node.id);
    const next = children.get(node.id) ?? [];
    if (next.length === 0) {
      if (node.kind === 'evaluate') branches.push(toBranch(path));
      else problems.push(`node "${node.id}" (${node.kind}) leads nowhere: every branch ends in split → model → evaluate`);
    }
    // One input per node makes a cycle unreachable from the source: it shows up as unconnected.
    for (const id of next) walk([...path, byId.get(id) as PipelineNode]);
  };
  walk([sources[0]]);
  const unreached = spec.nodes.filter((n) => !reached.has(n.id)).map((n) => n.id);
  if (unreached.length) problems.unshift(`nodes not connected to the source: ${unreached.join(', ')}`);
  if (problems.length) throw new PipelineError(problems);
  return { source: sources[0], branches };
}

/** Typed ports already force source → steps → split → model → evaluate along a path. */
function toBranch(path: PipelineNode[]): Branch {
  const at = (role: NodeRole) => path.find((n) => roleOf(n.kind) === role) as PipelineNode;
  return { path, steps: path.filter((n) => roleOf(n.kind) === 'step'), split: at('split'), model: at('model'), evaluate: at('evaluate') };
}

/** The pipeline file of one branch alone: what a model trained on that branch carries in its bundle. */
export function branchSpec(spec: PipelineSpec, branch: Branch): PipelineSpec {
  const ids = new Set(branch.path.map((n) => n.id));
  return { ...spec, nodes: spec.nodes.filter((n) => ids.has(n.id)), edges: spec.edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}
