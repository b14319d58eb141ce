/**
 * The pipelines of a search, as plain specs: the search itself (the data part, then an AutoML
 * node), each candidate's (its kind's default pipeline with its parameters, on one table), and the
 * winner's (the search's data part, then the candidate's preprocessing, split, model and evaluate).
 * tfjs-free: the page builds the search pipeline it runs.
 */
import { defaultParams } from '../params';
import { defaultPipeline } from '../pipeline/default';
import type { ColumnRole } from '../roles/roles';
import { isDataRole, roleOf } from '../pipeline/graph';
import { PIPELINE_FORMAT, PIPELINE_VERSION, type PipelineEdge, type PipelineNode, type PipelineSpec } from '../pipeline/spec';
import type { ParamValue, Task } from '../values';
import { AUTOML_KIND, automlParams } from './settings';

interface DataPart {
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  /** The node whose table the rest reads: the one data node no other data node reads. */
  root: string;
}

/** A spec's sources and combine nodes with the edges among them, when they give one table. */
function dataPart(spec: PipelineSpec): DataPart | undefined {
  const nodes = spec.nodes.filter((n) => isDataRole(roleOf(n.kind)));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = spec.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  const roots = nodes.filter((n) => !edges.some((e) => e.from === n.id));
  return roots.length === 1 ? { nodes, edges, root: roots[0].id } : undefined;
}

const SOURCE_ONLY: DataPart = { nodes: [{ id: 'source', kind: 'source', params: {} }], edges: [], root: 'source' };

/**
 * The search for the open pipeline's data (its datasets, appended or joined as it does; a plain
 * source when it has none or they do not give one table), with the AutoML node's `params`.
 */
export function searchPipeline(open: PipelineSpec | null | undefined, target: string, task: Task, params: Record<string, ParamValue>): PipelineSpec {
  const data = (open && dataPart(open)) ?? SOURCE_ONLY;
  const id = data.nodes.some((n) => n.id === AUTOML_KIND) ? `${AUTOML_KIND}_search` : AUTOML_KIND;
  return {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    name: `AutoML for ${target}`,
    task,
    target,
    nodes: [...structuredClone(data.nodes), { id, kind: AUTOML_KIND, params: { ...defaultParams(automlParams), ...params } }],
    edges: [...data.edges.map((e) => ({ ...e })), { from: data.root, to: id }],
  };
}

/**
 * The pipeline that trains a candidate on one table: its kind's default pipeline with its
 * parameters (built from the columns' roles when given, as the studio proposes it), the split seeded by the search.
 */
export function candidatePipeline(target: string, task: Task, kind: string, params: Record<string, ParamValue>, seed: number, roles?: readonly ColumnRole[]): PipelineSpec {
  const spec = defaultPipeline(target, task, kind, { roles });
  const nodes = spec.nodes.map((n) => {
    if (roleOf(n.kind) === 'model') return { ...n, params: { ...n.params, ...params } };
    if (n.kind === 'split') return { ...n, params: { ...n.params, seed } };
    return n;
  });
  return { ...spec, nodes };
}

/**
 * The winner as the pipeline a person opens, edits and runs: the search's data part, then the
 * candidate's nodes after its source (renamed where a data node has the same id).
 */
export function winnerPipeline(search: PipelineSpec, candidate: PipelineSpec): PipelineSpec {
  const data = dataPart(search) ?? SOURCE_ONLY;
  const [source] = candidate.nodes.filter((n) => n.kind === 'source');
  const taken = new Set(data.nodes.map((n) => n.id));
  const renamed = new Map<string, string>();
  for (const node of candidate.nodes) {
    if (node === source) continue;
    let id = node.id;
    for (let n = 2; taken.has(id); n++) id = `${node.id}_${n}`;
    taken.add(id);
    renamed.set(node.id, id);
  }
  const idOf = (id: string) => (id === source.id ? data.root : (renamed.get(id) as string));
  return {
    ...candidate,
    name: `Predict ${candidate.target} (AutoML)`,
    nodes: [...structuredClone(data.nodes), ...candidate.nodes.filter((n) => n !== source).map((n) => ({ ...n, id: idOf(n.id) }))],
    edges: [...data.edges.map((e) => ({ ...e })), ...candidate.edges.map((e) => ({ ...e, from: idOf(e.from), to: idOf(e.to) }))],
  };
}
