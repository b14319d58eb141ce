/**
 * The editor's undo/redo history: each entry is the state an edit left behind (the spec and the
 * node positions, both immutable, so keeping them costs a reference), named by the edit's label.
 */
import type { PipelineSpec } from '../core/pipeline/spec';

export interface XY {
  x: number;
  y: number;
}

/** Where each node sits on the canvas, by node id; kept beside the spec, not in it. */
export type Positions = Readonly<Record<string, XY>>;

/** One state of the editor: what undo and redo move between. */
export interface Snapshot {
  spec: PipelineSpec | null;
  positions: Positions;
}

export interface HistoryEntry {
  /** What the edit did, e.g. "Add impute" (shown on the Undo and Redo buttons). */
  label: string;
  snapshot: Snapshot;
}

/** Past states to undo to (latest last) and undone states to redo (latest undone last). Immutable. */
export interface History {
  past: readonly HistoryEntry[];
  future: readonly HistoryEntry[];
}

export const HISTORY_LIMIT = 200;

export const emptyHistory: History = { past: [], future: [] };

/** Record that `label` left `before` behind; a new edit drops what was undone. */
export function record(history: History, label: string, before: Snapshot): History {
  return { past: [...history.past, { label, snapshot: before }].slice(-HISTORY_LIMIT), future: [] };
}

/** Step back: the state to put in place, and the history after it; null when there is nothing to undo. */
export function undo(history: History, current: Snapshot): { snapshot: Snapshot; history: History; label: string } | null {
  const last = history.past[history.past.length - 1];
  if (!last) return null;
  return { snapshot: last.snapshot, label: last.label, history: { past: history.past.slice(0, -1), future: [...history.future, { label: last.label, snapshot: current }] } };
}

export function redo(history: History, current: Snapshot): { snapshot: Snapshot; history: History; label: string } | null {
  const last = history.future[history.future.length - 1];
  if (!last) return null;
  return { snapshot: last.snapshot, label: last.label, history: { past: [...history.past, { label: last.label, snapshot: current }], future: history.future.slice(0, -1) } };
}
