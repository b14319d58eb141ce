/**
 * What each node of the pipeline did in the last run, for the canvas: not run, running (with the
 * run's progress), ran or from cache (with one key figure: rows out, or the model's accuracy or R²),
 * failed with the reason, or changed since the run (its parameters, its inputs or a node before it
 * edited, so the run's figures no longer describe it). Read from the run's own events and the
 * pipeline it ran; nothing is computed again.
 */
import { roleOf, topologicalOrder } from '../core/pipeline/graph';
import type { NodeLog, RunSummary } from '../core/pipeline/events';
import type { PipelineSpec } from '../core/pipeline/spec';

export type NodeRunState =
  | { state: 'not-run' }
  | { state: 'running'; progress: string }
  | { state: 'ran' | 'cached'; figure?: string }
  | { state: 'failed'; reason: string }
  | { state: 'changed' };

/** What the canvas reads of the run (TrainingState's fields of the same names). */
export interface RunView {
  running: boolean;
  /** The whole run's progress, 0–1, and its message ("mlp: epoch 3 of 20"). */
  fraction: number;
  message: string;
  nodeLogs: readonly NodeLog[];
  summaries: readonly RunSummary[];
  error: string | null;
  /** The pipeline the run ran; null before any run. */
  spec: PipelineSpec | null;
}

/** A node as the run saw it: its kind, parameters and inputs (with their ports). */
function nodeKey(spec: PipelineSpec, id: string): string | undefined {
  const node = spec.nodes.find((n) => n.id === id);
  if (!node) return undefined;
  const inputs = spec.edges
    .filter((e) => e.to === id)
    .map((e) => `${e.from}>${e.port ?? ''}`)
    .sort();
  return JSON.stringify([node.kind, node.params, inputs]);
}

/** The nodes of `spec` that differ from `ran` (new, edited, rewired) or follow one that does. */
export function changedSince(spec: PipelineSpec, ran: PipelineSpec): Set<string> {
  const changed = new Set<string>();
  for (const node of topologicalOrder(spec.nodes, spec.edges).order) {
    const parents = spec.edges.filter((e) => e.to === node.id).map((e) => e.from);
    if (nodeKey(spec, node.id) !== nodeKey(ran, node.id) || parents.some((p) => changed.has(p))) changed.add(node.id);
  }
  return changed;
}

const score = (value: number) => value.toFixed(3);

/** A model's headline figure: accuracy for classification, R² for regression. */
export function modelFigure(summary: RunSummary): string | undefined {
  const key = summary.task === 'classification' ? 'accuracy' : 'r2';
  const value = summary.metrics[key];
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return summary.task === 'classification' ? `accuracy ${score(value)}` : `R² ${score(value)}`;
}

/**
 * Each node's state. Nodes run in order and each reports when it is done, so while a run goes on
 * (or after it failed) the first node in order without a report is the one running (or the one
 * that failed); the nodes after it have not run.
 */
export function nodeRunStates(spec: PipelineSpec, run: RunView): Record<string, NodeRunState> {
  const logs = new Map(run.nodeLogs.map((log) => [log.id, log]));
  const summaries = new Map(run.summaries.map((s) => [s.node, s]));
  const parent = (id: string) => spec.edges.find((e) => e.to === id)?.from;
  const children = (id: string) => spec.edges.filter((e) => e.from === id).map((e) => e.to);
  // The node the progress message names ("mlp: epoch 3 of 20") is the one running.
  const named = run.running ? spec.nodes.find((n) => run.message.startsWith(`${n.id}:`) && !logs.has(n.id))?.id : undefined;
  // Sources and splits report nothing of their own: they are done once a node they feed started, and
  // their rows out are what that node read.
  const done = (id: string): boolean => logs.has(id) || summaries.has(id) || children(id).some((c) => c === named || done(c));
  const readBy = (id: string) => children(id).map((c) => logs.get(c)).find((l) => l !== undefined && roleOf(l.kind) !== 'combine');
  const out: Record<string, NodeRunState> = {};
  const changed = run.spec && !run.running ? changedSince(spec, run.spec) : new Set<string>();
  let current: string | undefined;
  for (const node of topologicalOrder(spec.nodes, spec.edges).order) {
    if (changed.has(node.id) && (run.summaries.length > 0 || run.nodeLogs.length > 0 || run.error)) {
      out[node.id] = { state: 'changed' };
      continue;
    }
    const role = roleOf(node.kind);
    const summary = role === 'model' ? summaries.get(node.id) : role === 'evaluate' ? summaries.get(parent(node.id) ?? '') : undefined;
    const log = logs.get(node.id) ?? (done(node.id) ? readBy(node.id) : undefined);
    if (log || summary || done(node.id)) {
      const rows = logs.has(node.id) ? log?.rowsOut : log?.rowsIn;
      const figure = summary ? modelFigure(summary) : rows !== undefined && role !== 'model' && role !== 'evaluate' ? `${rows.toLocaleString('en')} rows` : undefined;
      out[node.id] = { state: logs.get(node.id)?.status ?? 'ran', ...(figure ? { figure } : {}) };
    } else if (current === undefined && (run.running || run.error) && (named === undefined || named === node.id)) {
      current = node.id;
      out[node.id] = run.running
        ? { state: 'running', progress: run.message.startsWith(`${node.id}:`) ? run.message.slice(node.id.length + 1).trim() : `${Math.round(run.fraction * 100)} %` }
        : { state: 'failed', reason: run.error as string };
    } else out[node.id] = { state: 'not-run' };
  }
  return out;
}

/** A node's state in the last run as one short line: the canvas' nodes and the phone's list show it. */
export function runStateText(run: NodeRunState): string {
  if (run.state === 'not-run') return 'Not run';
  if (run.state === 'running') return `Running · ${run.progress}`;
  if (run.state === 'failed') return `Failed: ${run.reason}`;
  if (run.state === 'changed') return 'Changed since the last run';
  return `${run.state === 'cached' ? 'From cache' : 'Ran'}${run.figure ? ` · ${run.figure}` : ''}`;
}
