/** The pipeline spec as Svelte Flow nodes and edges, placed where the user put them or laid out left to right. */
import type { Edge, Node } from '@xyflow/svelte';
import { Position } from '@xyflow/svelte';
import type { PipelineSpec } from '../../core/pipeline/spec';
import type { ParamValue } from '../../core/values';
import type { Positions } from '../../app/commands';
import { isCombineKind } from '../../core/pipeline/combine';
import { inputPorts } from '../../core/pipeline/graph';
import { autoLayout } from './auto-layout';

export { autoLayout, GAP_X, GAP_Y } from './auto-layout';

export type Role = 'source' | 'combine' | 'step' | 'split' | 'model' | 'evaluate';

export interface StepData extends Record<string, unknown> {
  kind: string;
  title: string;
  role: Role;
  params: [string, string][];
  /** Why this node cannot run as it stands (empty when it can). */
  problems: string[];
  /** Named inputs, each its own handle (a join's left and right); empty for one unnamed input. */
  ports: readonly string[];
}

export type StepNodeType = Node<StepData, 'step'>;

/** 'one_hot' → 'One hot'. */
export function humanize(kind: string): string {
  const words = kind.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function show(value: ParamValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'all';
  return value === '' ? '—' : humanize(value).toLowerCase();
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

export function roleOfKind(kind: string, isModel: boolean): Role {
  return kind === 'source' || kind === 'split' || kind === 'evaluate' ? kind : isCombineKind(kind) ? 'combine' : isModel ? 'model' : 'step';
}

export function layoutSpec(
  spec: PipelineSpec,
  options: {
    titleOf: (kind: string) => string;
    isModel: (kind: string) => boolean;
    positions?: Positions;
    problems?: Readonly<Record<string, string[]>>;
    selected?: readonly string[];
    editable?: boolean;
    /** A dataset's name by id, for the source nodes; '' when the id is not in the list. */
    datasetName?: (id: string) => string;
  },
): { nodes: StepNodeType[]; edges: Edge[] } {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const auto = autoLayout(spec);
  const editable = options.editable ?? false;
  const nodes = executionOrder(spec).map((id): StepNodeType => {
    const node = byId.get(id);
    if (!node) throw new Error(`unknown node ${id}`);
    const role = roleOfKind(node.kind, options.isModel(node.kind));
    const params = Object.entries(node.params)
      .filter(([key]) => role !== 'source' || key !== 'dataset')
      .slice(0, 4)
      .map(([key, value]): [string, string] => [humanize(key).toLowerCase(), show(value)]);
    if (role === 'source') {
      const id = typeof node.params.dataset === 'string' ? node.params.dataset : '';
      params.unshift(['dataset', id ? options.datasetName?.(id) || id : 'active'], ['target', spec.target]);
    }
    return {
      id,
      type: 'step',
      position: options.positions?.[id] ?? auto[id],
      data: { kind: node.kind, title: options.titleOf(node.kind), role, params, problems: options.problems?.[id] ?? [], ports: inputPorts(node.kind) ?? [] },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      selected: options.selected?.includes(id) ?? false,
      draggable: editable,
      selectable: editable,
      connectable: editable,
      deletable: false,
      ariaLabel: `${options.titleOf(node.kind)} (${id})`,
    };
  });
  const edges = spec.edges.map(
    (e): Edge => ({
      id: `${e.from}->${e.to}`,
      source: e.from,
      target: e.to,
      sourceHandle: 'out',
      targetHandle: e.port ?? 'in',
      selectable: editable,
      deletable: false,
    }),
  );
  return { nodes, edges };
}
