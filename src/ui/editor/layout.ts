/** The pipeline spec as Svelte Flow nodes and edges, placed where the user put them or laid out left to right. */
import type { Edge, Node } from '@xyflow/svelte';
import { Position } from '@xyflow/svelte';
import type { PipelineSpec } from '../../core/pipeline/spec';
import type { ParamValue } from '../../core/values';
import type { Positions } from '../../app/edit-history';
import type { NodeRunState } from '../../app/node-states';
import { inputPorts, roleOf, type NodeRole } from '../../core/pipeline/graph';
import { autoLayout } from './auto-layout';
import { executionOrder, humanize } from './spec-view';

export { autoLayout, GAP_X, GAP_Y } from './auto-layout';

export interface StepData extends Record<string, unknown> {
  kind: string;
  title: string;
  role: NodeRole;
  params: [string, string][];
  /** Why this node cannot run as it stands (empty when it can). */
  problems: string[];
  /** Named inputs, each its own handle (a join's left and right); empty for one unnamed input. */
  ports: readonly string[];
  /** What the node did in the last run. */
  run: NodeRunState;
}

export type StepNodeType = Node<StepData, 'step'>;

function show(value: ParamValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'all';
  return value === '' ? '—' : humanize(value).toLowerCase();
}

export function layoutSpec(
  spec: PipelineSpec,
  options: {
    titleOf: (kind: string) => string;
    positions?: Positions;
    problems?: Readonly<Record<string, string[]>>;
    selected?: readonly string[];
    editable?: boolean;
    /** A dataset's name by id, for the source nodes; '' when the id is not in the list. */
    datasetName?: (id: string) => string;
    /** Each node's state in the last run (app/node-states.ts); not run when absent. */
    runStates?: Readonly<Record<string, NodeRunState>>;
  },
): { nodes: StepNodeType[]; edges: Edge[] } {
  const auto = autoLayout(spec);
  const editable = options.editable ?? false;
  const nodes = executionOrder(spec).map((node): StepNodeType => {
    const { id } = node;
    const role = roleOf(node.kind);
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
      data: { kind: node.kind, title: options.titleOf(node.kind), role, params, problems: options.problems?.[id] ?? [], ports: inputPorts(node.kind) ?? [], run: options.runStates?.[id] ?? { state: 'not-run' } },
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
