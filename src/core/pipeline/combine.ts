/**
 * The pipeline's combine nodes: 'append' stacks the rows of two or more tables, 'join' pairs the
 * rows of a left and a right table on key columns. Both read datasets (or each other) and come
 * before any step, so the data part of a pipeline converges to one table. Their parameters, and
 * what each run of them tells the user, live here; the table operations are in table/combine.
 */
import type { ParamsSchema } from '../params';
import { appendTables, joinTables, type AppendColumns, type AppendReport, type JoinHow, type JoinKey, type JoinReport } from '../table/combine';
import type { Table } from '../table/table';
import type { PipelineNode } from './spec';

export const COMBINE_KINDS = ['append', 'join'] as const;
export type CombineKind = (typeof COMBINE_KINDS)[number];

export const isCombineKind = (kind: string): kind is CombineKind => (COMBINE_KINDS as readonly string[]).includes(kind);

/** A join's two inputs; its edges say which one each is. */
export const JOIN_PORTS = ['left', 'right'] as const;
export type JoinPort = (typeof JOIN_PORTS)[number];

export const appendParams: ParamsSchema = {
  columns: { type: 'enum', label: 'Columns not in every input', options: ['common', 'all'], default: 'common' },
};

export const joinParams: ParamsSchema = {
  keys: { type: 'columns', label: 'Key columns (left input)', default: [] },
  right_keys: { type: 'columns', label: 'Right key columns, when named differently (in the same order)', default: [] },
  how: { type: 'enum', label: 'Rows kept', options: ['inner', 'left'], default: 'inner' },
  suffix: { type: 'string', label: 'Suffix for right columns the left input also has', default: '_right' },
};

export const combineParams: Record<CombineKind, ParamsSchema> = { append: appendParams, join: joinParams };

/** What a combine node's parameters ask for that no table could satisfy (beyond their types). */
export function combineParamProblems(node: PipelineNode): string[] {
  if (node.kind !== 'join') return [];
  const keys = node.params.keys;
  const right = node.params.right_keys;
  const problems: string[] = [];
  if (!Array.isArray(keys) || keys.length === 0) problems.push('keys: choose at least one key column');
  else if (Array.isArray(right) && right.length > 0 && right.length !== keys.length) {
    problems.push(`right_keys: name one right column per key (${keys.length}), or none when the names are the same`);
  }
  if (node.params.suffix === '') problems.push('suffix must not be empty');
  return problems;
}

function joinKeys(node: PipelineNode): JoinKey[] {
  const keys = (node.params.keys ?? []) as string[];
  const right = (node.params.right_keys ?? []) as string[];
  return keys.map((left, i) => ({ left, right: right.length ? right[i] : left }));
}

/** An input of a combine node: the node it comes from, and that node's table. */
export interface CombineInput {
  from: string;
  table: Table;
}

export interface Combined {
  table: Table;
  /** What the user should know about the result: columns that differed, kinds reconciled, rows matched. */
  notices: string[];
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

function appendNotices(report: AppendReport, from: readonly string[], columns: AppendColumns): string[] {
  const notices = [`stacked ${report.rowsIn.map((n, i) => `${plural(n, 'row')} of ${from[i]}`).join(', ')}`];
  for (const { name, missingFrom } of report.differing) {
    const fate = columns === 'common' ? 'left out' : 'kept, missing in their rows';
    notices.push(`column "${name}" is not in ${missingFrom.map((i) => from[i]).join(', ')}: ${fate}`);
  }
  for (const { name, kinds, as } of report.reconciled) {
    notices.push(`column "${name}" is ${[...new Set(kinds)].join(' in one input and ')} in another: stacked as ${as}`);
  }
  return notices;
}

function joinNotices(report: JoinReport, how: JoinHow): string[] {
  const notices = [`${plural(report.leftRows, 'left row')} joined with ${plural(report.rightRows, 'right row')} (${how}): ${plural(report.rows, 'row')}`];
  if (report.unmatchedLeft) notices.push(`${plural(report.unmatchedLeft, 'left row')} matched no right row: ${how === 'inner' ? 'left out' : 'kept, right columns missing'}`);
  if (report.missingKeys) notices.push(`${plural(report.missingKeys, 'left row')} with a missing key (missing keys match nothing)`);
  if (report.multiplied) notices.push(`${plural(report.multiplied, 'left row')} matched several right rows, so appear once per match (one-to-many)`);
  if (report.unmatchedRight) notices.push(`${plural(report.unmatchedRight, 'right row')} matched no left row`);
  for (const { from, to } of report.renamed) notices.push(`right column "${from}" renamed "${to}" (the left input has "${from}")`);
  for (const k of report.keyKinds) notices.push(`key "${k.left}" is ${k.leftKind} on the left, "${k.right}" is ${k.rightKind} on the right: compared as ${k.comparedAs === 'text' ? 'text' : `${k.comparedAs}s`}`);
  return notices;
}

/** Run a combine node on its inputs (append: in edge order; join: [left, right]). */
export function runCombine(node: PipelineNode, inputs: readonly CombineInput[]): Combined {
  if (node.kind === 'append') {
    const columns = (node.params.columns ?? 'common') as AppendColumns;
    const { table, report } = appendTables(inputs.map((i) => i.table), columns);
    return { table, notices: appendNotices(report, inputs.map((i) => i.from), columns) };
  }
  if (node.kind === 'join') {
    const how = (node.params.how ?? 'inner') as JoinHow;
    const [left, right] = inputs;
    const { table, report } = joinTables(left.table, right.table, { keys: joinKeys(node), how, suffix: String(node.params.suffix ?? '_right') });
    return { table, notices: joinNotices(report, how) };
  }
  throw new Error(`"${node.kind}" is not a combine node`);
}
