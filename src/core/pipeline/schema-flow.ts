/**
 * What reaches each node of a pipeline being edited: the columns (name and kind) at its input, for
 * the inspector's column pickers, and the problems a node would run into, for marks on the canvas.
 * Steps are fitted on a sample of the rows: this is about shape, not statistics. Several sources
 * are each read, and appended or joined, as the run would.
 */
import { AUTOML_KIND, automlParams } from '../automl/settings';
import type { ColumnKind, Table } from '../table/table';
import { takeRows } from '../table/table';
import { paramProblems } from '../params';
import { findStepKind } from '../steps/registry';
import { findModelKind } from '../models/kinds';
import { combineParamProblems, combineParams, isCombineKind, JOIN_PORTS, runCombine } from './combine';
import { sourceData, type PipelineData } from './data';
import { sensitiveOf } from '../fairness/params';
import { evaluateParams } from './gate';
import { isDataRole, roleOf } from './graph';
import { splitParams } from './split';
import { sourceParams, type PipelineNode, type PipelineSpec } from './spec';
import { fitStep } from './transform';

export interface NodeSchema {
  /** Columns reaching the node's input (the source's are the dataset's; a combine node's, those of all its inputs). */
  columns: { name: string; kind: ColumnKind }[];
  /** Columns offered for a parameter that reads another input than the node's first: a join's right keys. */
  paramColumns?: Record<string, { name: string; kind: ColumnKind }[]>;
  /** Why this node cannot run as it stands; empty when it can. */
  problems: string[];
  /** What the user should know that does not stop a run: columns an append leaves out, key kinds a join reconciles. */
  notices?: string[];
}

const SAMPLE_ROWS = 2000;

function schemaOfParams(node: PipelineNode) {
  if (node.kind === 'source') return sourceParams;
  if (node.kind === 'split') return splitParams;
  if (node.kind === 'evaluate') return evaluateParams;
  if (node.kind === AUTOML_KIND) return automlParams;
  if (isCombineKind(node.kind)) return combineParams[node.kind];
  return findStepKind(node.kind)?.params ?? findModelKind(node.kind)?.params;
}

/**
 * Column names the node's parameters mention that its input does not have (combine nodes check
 * their own); a parameter with columns of its own (`offered`: an evaluate node's sensitive columns,
 * read from the data before any step) is checked against those.
 */
function missingColumns(node: PipelineNode, columns: ReadonlySet<string>, offered: NodeSchema['paramColumns'] = {}): string[] {
  const schema = isCombineKind(node.kind) ? {} : (schemaOfParams(node) ?? {});
  return Object.entries(schema).flatMap(([key, p]) => {
    const v = node.params[key];
    const named = p.type === 'column' && typeof v === 'string' && v !== '' ? [v] : p.type === 'columns' && Array.isArray(v) ? v : [];
    const own = offered[key];
    const available = own ? new Set(own.map((c) => c.name)) : columns;
    return named.filter((c) => !available.has(c)).map((c) => (own ? `column "${c}" is not a column of the data` : `column "${c}" does not reach this node`));
  });
}

/** Sensitive columns the models may not read: every evaluate node's, left out where the data part ends (as the executor does). */
function leftOutColumns(spec: PipelineSpec): Set<string> {
  return new Set(spec.nodes.filter((n) => n.kind === 'evaluate').flatMap((n) => sensitiveOf(n.params).leftOut));
}

const sampleOf = (table: Table) => (table.rowCount <= SAMPLE_ROWS ? table : takeRows(table, Int32Array.from({ length: SAMPLE_ROWS }, (_, i) => i)));
const columnsOf = (table: Table) => table.columns.map((c) => ({ name: c.name, kind: c.kind }));

/** Node ids with the nodes they read first (ties in spec order); nodes in a cycle go last. */
function readingOrder(spec: PipelineSpec): PipelineNode[] {
  const waiting = new Map(spec.nodes.map((n) => [n.id, 0]));
  for (const e of spec.edges) if (waiting.has(e.from) && waiting.has(e.to)) waiting.set(e.to, (waiting.get(e.to) as number) + 1);
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const ready = spec.nodes.filter((n) => waiting.get(n.id) === 0);
  const order: PipelineNode[] = [];
  while (ready.length) {
    const node = ready.shift() as PipelineNode;
    order.push(node);
    for (const e of spec.edges) {
      if (e.from !== node.id || !waiting.has(e.to)) continue;
      const left = (waiting.get(e.to) as number) - 1;
      waiting.set(e.to, left);
      if (left === 0) ready.push(byId.get(e.to) as PipelineNode);
    }
  }
  return [...order, ...spec.nodes.filter((n) => !order.includes(n))];
}

/**
 * Input schema and problems for every node, walking the edges from the sources (in any shape the
 * editor holds). `data` is the one table every source reads, or a resolver by dataset id.
 */
export function schemaFlow(spec: PipelineSpec, data: PipelineData): Record<string, NodeSchema> {
  const out: Record<string, NodeSchema> = {};
  // A node's output: a table, null below a node that failed, absent where nothing reaches it.
  const outputs = new Map<string, Table | null>();
  // Sources' whole tables: a join looks its sampled left rows up in the whole right table, so that the sample still finds matches.
  const whole = new Map<string, Table>();
  // The columns where each branch leaves the data part (before any step): what sensitive columns are picked from.
  const dataColumns = new Map<string, NodeSchema['columns']>();
  const leftOut = leftOutColumns(spec);
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  for (const node of readingOrder(spec)) {
    const edges = spec.edges.filter((e) => e.to === node.id && outputs.has(e.from));
    const inputs = edges.map((e) => outputs.get(e.from) as Table | null);
    const known = schemaOfParams(node);
    const problems = known ? paramProblems(known, node.params) : [`unknown kind "${node.kind}"`];
    let notices: string[] | undefined;
    let output: Table | null = null;
    let columns: NodeSchema['columns'] = [];
    let paramColumns: NodeSchema['paramColumns'];
    if (node.kind === 'source') {
      try {
        const table = sourceData(node, data, { name: '', sha256: '' }).table;
        whole.set(node.id, table);
        output = sampleOf(table);
        columns = columnsOf(table);
      } catch (e) {
        problems.push((e as Error).message);
      }
    } else if (isCombineKind(node.kind)) {
      problems.push(...combineParamProblems(node));
      const ordered = node.kind === 'join' ? JOIN_PORTS.map((port) => edges.findIndex((e) => e.port === port)) : edges.map((_, i) => i);
      const present = ordered.filter((i) => i >= 0 && inputs[i]) as number[];
      columns = present.flatMap((i) => columnsOf(inputs[i] as Table)).filter((c, i, all) => all.findIndex((d) => d.name === c.name) === i);
      if (node.kind === 'join') {
        const side = (port: number) => (ordered[port] >= 0 && inputs[ordered[port]] ? columnsOf(inputs[ordered[port]] as Table) : []);
        columns = side(0);
        paramColumns = { right_keys: side(1) };
      }
      if (edges.length === 0) problems.push('not connected: nothing reaches this node');
      else if (present.length === ordered.length && present.length >= 2 && problems.length === 0) {
        try {
          const read = present.map((i) => ({ from: edges[i].from, table: inputs[i] as Table }));
          if (node.kind === 'join') read[1] = { ...read[1], table: whole.get(read[1].from) ?? read[1].table };
          const result = runCombine(node, read);
          output = sampleOf(result.table);
          // Row counts of a sample say nothing about the data; what columns do holds for all of it.
          notices = result.notices.filter((n) => /^(column|key|right column) /.test(n));
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
    } else {
      const parent = edges[0] && byId.get(edges[0].from);
      let input = inputs[0];
      if (input && parent && isDataRole(roleOf(parent.kind))) {
        dataColumns.set(node.id, columnsOf(input).filter((c) => c.name !== spec.target));
        if (leftOut.size) input = { ...input, columns: input.columns.filter((c) => !leftOut.has(c.name)) };
      } else if (parent && dataColumns.has(parent.id)) dataColumns.set(node.id, dataColumns.get(parent.id) as NodeSchema['columns']);
      if (node.kind === 'evaluate' && dataColumns.has(node.id)) paramColumns = { sensitive: dataColumns.get(node.id) as NodeSchema['columns'] };
      columns = input ? columnsOf(input) : [];
      if (input) problems.push(...missingColumns(node, new Set(columns.map((c) => c.name)), paramColumns));
      else if (edges.length === 0) problems.push('not connected: nothing reaches this node');
      output = input ?? null;
      if (input && findStepKind(node.kind) && problems.length === 0) {
        try {
          output = fitStep(node, input, new Uint8Array(input.rowCount).fill(1), { target: spec.target, task: spec.task }).table;
        } catch (e) {
          problems.push((e as Error).message);
          output = null;
        }
      }
    }
    if (problems.length) output = null;
    out[node.id] = { columns, problems, ...(paramColumns ? { paramColumns } : {}), ...(notices?.length ? { notices } : {}) };
    outputs.set(node.id, output);
  }
  return out;
}
