/** The pipeline spec as Svelte Flow nodes and edges, laid out left to right in execution order. */
import type { Edge, Node } from '@xyflow/svelte';
import { Position } from '@xyflow/svelte';
import type { ParamValue, PipelineSpec } from '../../core/pipeline/spec';

export interface StepData extends Record<string, unknown> {
  kind: string;
  title: string;
  role: 'source' | 'step' | 'model' | 'evaluate';
  params: [string, string][];
}

export type StepNodeType = Node<StepData, 'step'>;

const GAP_X = 210;

/** 'one_hot' → 'One hot'. */
export function humanize(kind: string): string {
  const words = kind.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function show(value: ParamValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'all';
  return humanize(value).toLowerCase();
}

/** Node ids in topological order (Kahn), ties in spec order; nodes in a cycle go last. */
export function executionOrder(spec: PipelineSpec): string[] {
  const ids = spec.nodes.map((n) => n.id);
  const indegree = new Map(ids.map((id) => [id, 0]));
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of spec.edges) {
    if (!indegree.has(e.from) || !indegree.has(e.to)) continue;
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    next.get(e.from)?.push(e.to);
  }
  const order: string[] = [];
  const ready = ids.filter((id) => indegree.get(id) === 0);
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const to of next.get(id) ?? []) {
      const d = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, d);
      if (d === 0) ready.push(to);
    }
  }
  for (const id of ids) if (!order.includes(id)) order.push(id);
  return order;
}

export function layoutSpec(
  spec: PipelineSpec,
  modelTitles: ReadonlyMap<string, string>,
): { nodes: StepNodeType[]; edges: Edge[] } {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const order = executionOrder(spec);
  const nodes = order.map((id, i): StepNodeType => {
    const node = byId.get(id);
    if (!node) throw new Error(`unknown node ${id}`);
    const isModel = modelTitles.has(node.kind);
    const role = node.kind === 'source' ? 'source' : node.kind === 'evaluate' ? 'evaluate' : isModel ? 'model' : 'step';
    const params = Object.entries(node.params)
      .slice(0, 4)
      .map(([key, value]): [string, string] => [humanize(key).toLowerCase(), show(value)]);
    if (role === 'source') params.unshift(['target', spec.target]);
    return {
      id,
      type: 'step',
      position: { x: i * GAP_X, y: 0 },
      data: { kind: node.kind, title: modelTitles.get(node.kind) ?? humanize(node.kind), role, params },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      draggable: false,
      selectable: false,
      connectable: false,
    };
  });
  const edges = spec.edges.map(
    (e): Edge => ({
      id: `${e.from}->${e.to}`,
      source: e.from,
      target: e.to,
      sourceHandle: 'out',
      targetHandle: 'in',
      selectable: false,
    }),
  );
  return { nodes, edges };
}
