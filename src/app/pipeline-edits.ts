/**
 * Edits of the pipeline spec as pure functions: each returns a new spec (or the reason it cannot be
 * made) and leaves its input as it was, which is what makes undo (edit-history.ts) and autosave cheap.
 * The canvas renders the spec; every change the editor makes is one of these.
 */
import { connectionProblem, inputPorts, maxInputs, outputType, roleOf } from '../core/pipeline/graph';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineEdge, type PipelineNode, type PipelineSpec } from '../core/pipeline/spec';
import type { ParamValue, Task } from '../core/values';

/** An id for a new node of `kind`, unused in `spec` (and not in `taken`). */
export function freshId(spec: PipelineSpec, kind: string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set([...spec.nodes.map((n) => n.id), ...taken]);
  if (!used.has(kind)) return kind;
  for (let i = 2; ; i++) if (!used.has(`${kind}_${i}`)) return `${kind}_${i}`;
}

/** A pipeline with its source alone: the empty canvas to build on. */
export function emptyPipeline(name: string, task: Task, target: string): PipelineSpec {
  return { format: PIPELINE_FORMAT, version: PIPELINE_VERSION, name, task, target, nodes: [{ id: 'source', kind: 'source', params: {} }], edges: [] };
}

const childrenOf = (spec: PipelineSpec, id: string) => spec.edges.filter((e) => e.from === id).map((e) => e.to);
const parentOf = (spec: PipelineSpec, id: string) => spec.edges.find((e) => e.to === id)?.from;

/** The input of `toId` a new edge would feed: the port asked for, else a join's first free one; undefined for unnamed inputs. */
export function portFor(spec: PipelineSpec, toId: string, port?: string | null): string | undefined {
  const to = spec.nodes.find((n) => n.id === toId);
  const ports = to && inputPorts(to.kind);
  if (!ports) return undefined;
  if (port && ports.includes(port)) return port;
  return ports.find((p) => !spec.edges.some((e) => e.to === toId && e.port === p)) ?? ports[0];
}

/** Why an edge from → to (into `port`, for a join) may not be added, or null when it fits (typed ports, input counts, no cycles). */
export function edgeProblem(spec: PipelineSpec, fromId: string, toId: string, port?: string | null): string | null {
  const from = spec.nodes.find((n) => n.id === fromId);
  const to = spec.nodes.find((n) => n.id === toId);
  if (!from || !to) return 'that node does not exist';
  if (fromId === toId) return 'a node cannot feed itself';
  const typed = connectionProblem(from, to);
  if (typed) return typed;
  if (spec.edges.some((e) => e.from === fromId && e.to === toId)) return `${fromId} already feeds ${toId}`;
  const inputs = spec.edges.filter((e) => e.to === toId);
  const into = portFor(spec, toId, port);
  if (inputs.length >= maxInputs(to.kind)) return maxInputs(to.kind) === 1 ? `${toId} already has an input: a node reads one table` : `${toId} already has its ${maxInputs(to.kind)} inputs`;
  if (into !== undefined && inputs.some((e) => e.port === into)) return `the ${into} input of ${toId} is already connected`;
  // A cycle: `to` is an ancestor of `from` (combine nodes have several parents, so search them all).
  const seen = new Set<string>();
  const ancestors = [fromId];
  while (ancestors.length) {
    const at = ancestors.pop() as string;
    if (at === toId) return `${toId} comes before ${fromId}: that would make a cycle`;
    if (seen.has(at)) continue;
    seen.add(at);
    ancestors.push(...spec.edges.filter((e) => e.to === at).map((e) => e.from));
  }
  return null;
}

export function connect(spec: PipelineSpec, fromId: string, toId: string, port?: string | null): PipelineSpec | string {
  const problem = edgeProblem(spec, fromId, toId, port);
  const into = portFor(spec, toId, port);
  return problem ?? { ...spec, edges: [...spec.edges, { from: fromId, to: toId, ...(into ? { port: into } : {}) }] };
}

/**
 * Why `modelId` cannot have an evaluate node of its own (it is not a model, or one already scores
 * it), or null when it can.
 */
export function ownEvaluateProblem(spec: PipelineSpec, modelId: string): string | null {
  const model = spec.nodes.find((n) => n.id === modelId);
  if (!model || roleOf(model.kind) !== 'model') return `${modelId} is not a model`;
  const scoredBy = childrenOf(spec, modelId).find((id) => spec.nodes.some((n) => n.id === id && n.kind === 'evaluate'));
  return scoredBy === undefined ? null : `${modelId} is already evaluated by ${scoredBy}`;
}

/** A new evaluate node fed by the model `modelId` (whose problem, if any, ownEvaluateProblem says), with `params`. */
export function addEvaluate(spec: PipelineSpec, modelId: string, params: Record<string, ParamValue>): { spec: PipelineSpec; id: string } {
  const id = freshId(spec, 'evaluate');
  return { spec: { ...spec, nodes: [...spec.nodes, { id, kind: 'evaluate', params: structuredClone(params) }], edges: [...spec.edges, { from: modelId, to: id }] }, id };
}

/** Whether from → to is a model's output dropped on an evaluate node that already scores another model. */
function onOccupiedEvaluate(spec: PipelineSpec, fromId: string, toId: string): boolean {
  const from = spec.nodes.find((n) => n.id === fromId);
  const to = spec.nodes.find((n) => n.id === toId);
  return from !== undefined && roleOf(from.kind) === 'model' && to?.kind === 'evaluate' && spec.edges.some((e) => e.to === toId && e.from !== fromId);
}

/**
 * What connecting from → to does, as the canvas wires it. An evaluate node scores one model, so a
 * second model dropped on one that has its model gets an evaluate node of its own (`added`, with the
 * same gate and sensitive columns) instead of no edge; otherwise the edge as `connect` makes it.
 * Returns why nothing can be done, when nothing can.
 */
export function wire(spec: PipelineSpec, fromId: string, toId: string, port?: string | null): { spec: PipelineSpec; added?: string } | string {
  if (onOccupiedEvaluate(spec, fromId, toId)) {
    const problem = ownEvaluateProblem(spec, fromId);
    if (problem) return `${toId} already evaluates another model, and ${problem}`;
    const params = spec.nodes.find((n) => n.id === toId)?.params ?? {};
    const { spec: next, id } = addEvaluate(spec, fromId, params);
    return { spec: next, added: id };
  }
  const next = connect(spec, fromId, toId, port);
  return typeof next === 'string' ? next : { spec: next };
}

/** Why `wire` would do nothing for from → to, or null when it makes the edge or an evaluate node. */
export function wireProblem(spec: PipelineSpec, fromId: string, toId: string, port?: string | null): string | null {
  const done = wire(spec, fromId, toId, port);
  return typeof done === 'string' ? done : null;
}

export function disconnect(spec: PipelineSpec, fromId: string, toId: string): PipelineSpec {
  return { ...spec, edges: spec.edges.filter((e) => !(e.from === fromId && e.to === toId)) };
}

/**
 * Add a node of `kind`. With `after`, it is connected after that node when the types fit; a step
 * added after a node whose only output goes on to another table reader is inserted into the chain.
 */
export function addNode(spec: PipelineSpec, kind: string, params: Record<string, ParamValue>, after?: string): { spec: PipelineSpec; id: string } {
  const id = freshId(spec, kind);
  const node: PipelineNode = { id, kind, params: structuredClone(params) };
  let next: PipelineSpec = { ...spec, nodes: [...spec.nodes, node] };
  const prev = after === undefined ? undefined : spec.nodes.find((n) => n.id === after);
  if (prev && edgeProblem(next, prev.id, id) === null) {
    const outs = childrenOf(spec, prev.id);
    const passesOn = outputType(roleOf(kind)) === outputType(roleOf(prev.kind));
    const follower = spec.nodes.find((n) => n.id === outs[0]);
    if (passesOn && outs.length === 1 && follower && connectionProblem(node, follower) === null) {
      const old = next.edges.find((e) => e.from === prev.id && e.to === outs[0]);
      const into = portFor(next, id);
      next = { ...next, edges: [...next.edges.filter((e) => e !== old), { from: prev.id, to: id, ...(into ? { port: into } : {}) }, { ...(old as PipelineEdge), from: id }] };
    } else {
      next = connect(next, prev.id, id) as PipelineSpec;
    }
  }
  return { spec: next, id };
}

/** Remove nodes and their edges; a removed node's parent is joined to its children where the types fit. */
export function removeNodes(spec: PipelineSpec, ids: readonly string[]): PipelineSpec {
  let next = spec;
  for (const id of ids) {
    const parent = parentOf(next, id);
    const children = childrenOf(next, id);
    next = { ...next, nodes: next.nodes.filter((n) => n.id !== id), edges: next.edges.filter((e) => e.from !== id && e.to !== id) };
    if (parent !== undefined) {
      for (const child of children) if (edgeProblem(next, parent, child) === null) next = { ...next, edges: [...next.edges, { from: parent, to: child }] };
    }
  }
  return next;
}

/** What Copy keeps: some nodes and the edges among them. */
export interface Clipboard {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
}

export function copyNodes(spec: PipelineSpec, ids: readonly string[]): Clipboard {
  const set = new Set(ids.filter((id) => spec.nodes.some((n) => n.id === id && n.kind !== 'source')));
  return {
    nodes: structuredClone(spec.nodes.filter((n) => set.has(n.id))),
    edges: spec.edges.filter((e) => set.has(e.from) && set.has(e.to)).map((e) => ({ ...e })),
  };
}

/**
 * Paste copied nodes under fresh ids, with the edges among them. With `attachTo`, each pasted node
 * whose input was outside the copy is fed from that node where the types fit. Returns the new ids by old id.
 */
export function pasteNodes(spec: PipelineSpec, clip: Clipboard, attachTo?: (old: string) => string | undefined): { spec: PipelineSpec; ids: Map<string, string> } {
  const ids = new Map<string, string>();
  const nodes: PipelineNode[] = [];
  for (const node of clip.nodes) {
    const id = freshId(spec, node.kind, new Set(ids.values()));
    ids.set(node.id, id);
    nodes.push({ ...structuredClone(node), id });
  }
  const edges = clip.edges.map((e) => ({ ...e, from: ids.get(e.from) as string, to: ids.get(e.to) as string }));
  let next: PipelineSpec = { ...spec, nodes: [...spec.nodes, ...nodes], edges: [...spec.edges, ...edges] };
  if (attachTo) {
    for (const [old, id] of ids) {
      const parent = attachTo(old);
      if (parent !== undefined && !clip.edges.some((e) => e.to === old) && edgeProblem(next, parent, id) === null) {
        next = { ...next, edges: [...next.edges, { from: parent, to: id }] };
      }
    }
  }
  return { spec: next, ids };
}

/** Duplicate nodes: copies fed by the same inputs as the originals (a second model on the same split). */
export function duplicateNodes(spec: PipelineSpec, ids: readonly string[]): { spec: PipelineSpec; ids: Map<string, string> } {
  return pasteNodes(spec, copyNodes(spec, ids), (old) => parentOf(spec, old));
}

export function setParam(spec: PipelineSpec, id: string, key: string, value: ParamValue): PipelineSpec {
  return { ...spec, nodes: spec.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, [key]: value } } : n)) };
}

/** Swap a node's kind in place (keeping its id and edges), with fresh parameters. */
export function setKind(spec: PipelineSpec, id: string, kind: string, params: Record<string, ParamValue>): PipelineSpec {
  return { ...spec, nodes: spec.nodes.map((n) => (n.id === id ? { ...n, kind, params: structuredClone(params) } : n)) };
}
