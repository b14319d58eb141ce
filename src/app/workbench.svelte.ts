/**
 * The workbench's drawer: which view it shows, how tall it is, and whether it is open. The canvas is
 * the workspace; the drawer shows what the selected node made (a dataset's table and profile, a
 * step's columns, a model's results) or one of the studio's places (runs, models, versions, AutoML,
 * prediction), picked from the top bar. Commands that start something show its view (a run shows
 * Results), so the user sees what they asked for without looking for it.
 */
import { roleOf } from '../core/pipeline/graph';
import type { PipelineSpec } from '../core/pipeline/spec';

export const VIEWS = [
  { id: 'data', label: 'Data' },
  { id: 'step', label: 'Step' },
  { id: 'results', label: 'Results' },
  { id: 'runs', label: 'Runs' },
  { id: 'models', label: 'Models' },
  { id: 'versions', label: 'Versions' },
  { id: 'automl', label: 'AutoML' },
  { id: 'predict', label: 'Predict' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

/** The drawer's height as a share of the workbench's: bounds that keep both the canvas and the drawer usable. */
export const DRAWER_MIN = 0.2;
export const DRAWER_MAX = 0.8;
const DRAWER_DEFAULT = 0.4;

/** The view that shows what a node made: its dataset, its columns, or its model's results (an Evaluate shows its model's). */
export function viewOfNode(spec: PipelineSpec, id: string): ViewId {
  const node = spec.nodes.find((n) => n.id === id);
  if (!node) return 'step';
  const role = roleOf(node.kind);
  if (role === 'source') return 'data';
  if (role === 'model' || role === 'evaluate') return 'results';
  return 'step';
}

/** The model whose results a node's view shows: the node itself, or the model an Evaluate reads. */
export function modelOfNode(spec: PipelineSpec, id: string): string | null {
  const node = spec.nodes.find((n) => n.id === id);
  if (!node) return null;
  const role = roleOf(node.kind);
  if (role === 'model') return id;
  if (role === 'evaluate') return spec.edges.find((e) => e.to === id)?.from ?? null;
  return null;
}

export class WorkbenchState {
  view = $state<ViewId>('data');
  /** The drawer's share of the workbench's height (DRAWER_MIN–DRAWER_MAX). */
  drawerShare = $state(DRAWER_DEFAULT);
  open = $state(true);
  /** The model whose results the Results view shows first (set when a model or Evaluate node is opened). */
  focusedModel = $state<string | null>(null);

  show(view: ViewId): void {
    this.view = view;
    this.open = true;
  }

  /**
   * Show the views of a node the user selected on the canvas or picked in the list of steps. A
   * drawer the user hid stays hidden on a canvas selection (they are editing on a bigger canvas; the
   * tab follows the selection); picking from the list (`reveal`) asks for the views, and opens it.
   */
  openNode(spec: PipelineSpec, id: string, reveal = false): void {
    const model = modelOfNode(spec, id);
    if (model) this.focusedModel = model;
    this.view = viewOfNode(spec, id);
    if (reveal) this.open = true;
  }

  resize(share: number): void {
    this.drawerShare = Math.min(DRAWER_MAX, Math.max(DRAWER_MIN, share));
  }

  toggle(): void {
    this.open = !this.open;
  }
}
