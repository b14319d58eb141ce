/**
 * What each node of the pipeline did in the last run, for the canvas: not run, running (with the
 * run's progress), ran or from cache (with one key figure: rows out, or the model's accuracy or R²),
 * or failed with the reason. Read from the run's own events; nothing is computed again.
 */
import { roleOf, topologicalOrder } from '../core/pipeline/graph';
import type { NodeLog, RunSummary } from '../core/pipeline/events';
import type { PipelineSpec } from '../core/pipeline/spec';

export type NodeRunState =
  | { state: 'not-run' }
  | { state: 'running'; progress: string }
  | { state: 'ran' | 'cached'; figure?: string }
  | { state: 'failed'; reason: string };

/** What the canvas reads of the run (TrainingState's fields of the same names). */
export interface RunView {
  running: boolean;
  /** The whole run's progress, 0–1, and its message ("mlp: epoch 3 of 20"). */
  fraction: number;
  message: string;
  nodeLogs: readonly NodeLog[];
  summaries: readonly RunSummary[];
  error: string | null;
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
  const out: Record<string, NodeRunState> = {};
  let current: string | undefined;
  for (const node of topologicalOrder(spec.nodes, spec.edges).order) {
    const role = roleOf(node.kind);
    const summary = role === 'model' ? summaries.get(node.id) : role === 'evaluate' ? summaries.get(parent(node.id) ?? '') : undefined;
    const log = logs.get(node.id);
    if (log || summary) {
      const figure = summary ? modelFigure(summary) : log && role !== 'model' && role !== 'evaluate' ? `${log.rowsOut.toLocaleString('en')} rows` : undefined;
      out[node.id] = { state: log?.status ?? 'ran', ...(figure ? { figure } : {}) };
    } else if (current === undefined && (run.running || run.error)) {
      current = node.id;
      out[node.id] = run.running
        ? { state: 'running', progress: run.message.startsWith(`${node.id}:`) ? run.message.slice(node.id.length + 1).trim() : `${Math.round(run.fraction * 100)} %` }
        : { state: 'failed', reason: run.error as string };
    } else out[node.id] = { state: 'not-run' };
  }
  return out;
}
