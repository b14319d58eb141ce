/** What changed between two versions of a pipeline, as readable lines (pure; shown in the version history). */
import type { PipelineSpec } from '../core/pipeline/spec';
import type { ParamValue } from '../core/values';

export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (typeof value === 'string') return value === '' ? '""' : value;
  return String(value);
}

function same(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The changes from `before` to `after`: pipeline fields, nodes added and removed, a node's kind,
 * each parameter changed ("model.learning_rate 0.03 → 0.01"), and connections. Empty when equal.
 */
export function diffPipelines(before: PipelineSpec, after: PipelineSpec): string[] {
  const lines: string[] = [];
  if (before.name !== after.name) lines.push(`name ${before.name} → ${after.name}`);
  if (before.target !== after.target) lines.push(`target ${before.target} → ${after.target}`);
  if (before.task !== after.task) lines.push(`task ${before.task} → ${after.task}`);

  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const next = new Map(after.nodes.map((n) => [n.id, n]));
  for (const node of after.nodes) if (!old.has(node.id)) lines.push(`added node ${node.id} (${node.kind})`);
  for (const node of before.nodes) if (!next.has(node.id)) lines.push(`removed node ${node.id} (${node.kind})`);
  for (const node of after.nodes) {
    const prev = old.get(node.id);
    if (!prev) continue;
    if (prev.kind !== node.kind) lines.push(`${node.id} kind ${prev.kind} → ${node.kind}`);
    const keys = [...new Set([...Object.keys(prev.params), ...Object.keys(node.params)])].sort();
    for (const key of keys) {
      const a = prev.params[key];
      const b = node.params[key];
      if (!same(a, b)) lines.push(`${node.id}.${key} ${formatParam(a)} → ${formatParam(b)}`);
    }
  }

  const edge = (e: { from: string; to: string }) => `${e.from} → ${e.to}`;
  const oldEdges = new Set(before.edges.map(edge));
  const nextEdges = new Set(after.edges.map(edge));
  for (const e of nextEdges) if (!oldEdges.has(e)) lines.push(`connected ${e}`);
  for (const e of oldEdges) if (!nextEdges.has(e)) lines.push(`disconnected ${e}`);
  return lines;
}
