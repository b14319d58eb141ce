/**
 * What reaches each node of a pipeline being edited: the columns (name and kind) at its input, for
 * the inspector's column pickers, and the problems a node would run into, for marks on the canvas.
 * Steps are fitted on a sample of the rows: this is about shape, not statistics.
 */
import type { ColumnKind, Table } from '../table/table';
import { takeRows } from '../table/table';
import { paramProblems } from '../params';
import { findStepKind } from '../steps/registry';
import { findModelKind } from '../models/registry';
import { gateParams } from './gate';
import { splitParams } from './split';
import type { PipelineNode, PipelineSpec } from './spec';
import { fitStep } from './transform';

export interface NodeSchema {
  /** Columns reaching the node's input (the source's are the dataset's). */
  columns: { name: string; kind: ColumnKind }[];
  /** Why this node cannot run as it stands; empty when it can. */
  problems: string[];
}

const SAMPLE_ROWS = 2000;

function schemaOfParams(node: PipelineNode) {
  if (node.kind === 'split') return splitParams;
  if (node.kind === 'evaluate') return gateParams;
  return findStepKind(node.kind)?.params ?? findModelKind(node.kind)?.params;
}

/** Column names the node's parameters mention that its input does not have. */
function missingColumns(node: PipelineNode, columns: ReadonlySet<string>): string[] {
  const schema = schemaOfParams(node) ?? {};
  const named = Object.entries(schema).flatMap(([key, p]) => {
    const v = node.params[key];
    if (p.type === 'column' && typeof v === 'string' && v !== '') return [v];
    if (p.type === 'columns' && Array.isArray(v)) return v;
    return [];
  });
  return named.filter((c) => !columns.has(c)).map((c) => `column "${c}" does not reach this node`);
}

/** Input schema and problems for every node, walking the edges from the source (in any shape the editor holds). */
export function schemaFlow(spec: PipelineSpec, table: Table): Record<string, NodeSchema> {
  const sample = takeRows(table, Int32Array.from({ length: Math.min(SAMPLE_ROWS, table.rowCount) }, (_, i) => i));
  const everyRow = new Uint8Array(sample.rowCount).fill(1);
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const out: Record<string, NodeSchema> = {};
  // `input` is null below a node that failed, undefined where no edge leads to the node.
  const visit = (node: PipelineNode, input: Table | null | undefined) => {
    if (out[node.id]) return;
    const columns = input ? input.columns.map((c) => ({ name: c.name, kind: c.kind })) : [];
    const known = schemaOfParams(node);
    const problems = node.kind === 'source' ? [] : known ? paramProblems(known, node.params) : [`unknown kind "${node.kind}"`];
    if (input) problems.push(...missingColumns(node, new Set(columns.map((c) => c.name))));
    else if (input === undefined && node.kind !== 'source') problems.push('not connected: nothing reaches this node');
    let output: Table | null | undefined = node.kind === 'source' ? sample : input;
    if (input && findStepKind(node.kind) && problems.length === 0) {
      try {
        output = fitStep(node, input, everyRow, { target: spec.target, task: spec.task }).table;
      } catch (e) {
        problems.push((e as Error).message);
        output = null;
      }
    }
    if (problems.length && output) output = null;
    out[node.id] = { columns: node.kind === 'source' ? sample.columns.map((c) => ({ name: c.name, kind: c.kind })) : columns, problems };
    for (const edge of spec.edges) if (edge.from === node.id && byId.has(edge.to)) visit(byId.get(edge.to) as PipelineNode, output);
  };
  for (const node of spec.nodes) if (node.kind === 'source') visit(node, undefined);
  for (const node of spec.nodes) visit(node, undefined);
  return out;
}
