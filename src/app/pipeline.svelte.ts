/**
 * The pipeline being edited: the spec (the single source of truth the canvas renders), the node
 * positions beside it, the undo/redo history, the selection and clipboard, and the problems that
 * keep it from running (from validation and from the engine's schema flow on the loaded dataset).
 */
import { datasetIds } from '../core/pipeline/data';
import { gateParams } from '../core/pipeline/gate';
import { PipelineError } from '../core/pipeline/errors';
import type { PipelineNode, PipelineSpec } from '../core/pipeline/spec';
import type { ParamValue } from '../core/values';
import { validatePipeline } from '../core/pipeline/validate';
import { defaultParams, type ParamsSchema } from '../core/params';
import type { ModelDescriptor } from '../core/models/contract';
import type { StepKind } from '../core/steps/step';
import type { NodeSchema } from '../core/pipeline/schema-flow';
import type { Role } from '../core/roles/roles';
import * as editHistory from './edit-history';
import { emptyHistory, type History, type Positions, type Snapshot, type XY } from './edit-history';
import type { EngineAccess } from './engine';
import { messageOf } from './errors';
import { defaultParamsOfKind, isModelKind, MODEL_KINDS, paramsOfKind, STEP_KINDS, titleOfKind } from './node-catalogue';
import * as edits from './pipeline-edits';
import type { Clipboard } from './pipeline-edits';

export interface PipelineDeps {
  engine: EngineAccess<'defaultPipeline' | 'nodeSchemas'>;
  /** Has the engine parse the datasets with these ids (the Datasets list's loader, DataState.ensureLoaded). */
  datasets: { ensureLoaded(ids: readonly string[]): Promise<void> };
  /** The roles the person chose for the active dataset's columns: proposed pipelines follow them. */
  roleChoices(): Record<string, Role> | undefined;
}

/** Problems of the spec: those naming a node (by id), and the rest. */
export interface SpecProblems {
  byNode: Record<string, string[]>;
  general: string[];
}

const NODE_PROBLEM = /^node "([^"]+)": (.*)$/;

function specProblems(spec: PipelineSpec | null): SpecProblems {
  const out: SpecProblems = { byNode: {}, general: [] };
  if (!spec) return out;
  try {
    validatePipeline(spec);
  } catch (error) {
    const problems = error instanceof PipelineError ? error.problems : [messageOf(error)];
    for (const problem of problems) {
      const m = NODE_PROBLEM.exec(problem);
      if (m && spec.nodes.some((n) => n.id === m[1])) (out.byNode[m[1]] ??= []).push(m[2]);
      else out.general.push(problem);
    }
  }
  return out;
}

export class PipelineState {
  spec = $state.raw<PipelineSpec | null>(null);
  /** The kinds' descriptors: the page reads them directly; implementations stay in the worker. */
  readonly modelKinds: readonly ModelDescriptor[] = MODEL_KINDS;
  readonly stepKinds: readonly StepKind[] = STEP_KINDS;
  busy = $state(false);
  error = $state<string | null>(null);
  /** Canvas positions by node id; a node without one is placed by auto-layout. */
  positions = $state.raw<Positions>({});
  history = $state.raw<History>(emptyHistory);
  /** Ids of the selected nodes (the first one is shown in the inspector). */
  selected = $state.raw<string[]>([]);
  clipboard = $state.raw<Clipboard | null>(null);
  /** The columns reaching each node and its problems on the loaded dataset, for the current spec. */
  schemas = $state.raw<Record<string, NodeSchema>>({});
  /** What the last edit, undo or redo did (for a status line). */
  lastAction = $state('');

  #requestId = 0;
  #schemaRequest = 0;
  readonly #engine: PipelineDeps['engine'];
  readonly #datasets: PipelineDeps['datasets'];
  readonly #roleChoices: PipelineDeps['roleChoices'];

  constructor({ engine, datasets, roleChoices }: PipelineDeps) {
    this.#engine = engine;
    this.#datasets = datasets;
    this.#roleChoices = roleChoices;
  }

  /** The spec's first model node (the one whose kind is a model kind). */
  modelNode: PipelineNode | undefined = $derived(this.spec?.nodes.find((n) => isModelKind(n.kind)));

  /** The evaluate node, whose params are the validation gate's thresholds. */
  evaluateNode: PipelineNode | undefined = $derived(this.spec?.nodes.find((n) => n.kind === 'evaluate'));

  /** The model kinds that fit the spec's task. */
  modelOptions: ModelDescriptor[] = $derived.by(() => {
    const task = this.spec?.task;
    return task ? this.modelKinds.filter((k) => k.tasks.includes(task)) : [];
  });

  validation: SpecProblems = $derived(specProblems(this.spec));

  /** Every problem of each node: parameter and graph problems, and what the schema flow found. */
  nodeProblems: Record<string, string[]> = $derived.by(() => {
    const out: Record<string, string[]> = {};
    for (const node of this.spec?.nodes ?? []) {
      const found = [...(this.validation.byNode[node.id] ?? []), ...(this.schemas[node.id]?.problems ?? [])];
      const unique = found.filter((p, i) => found.indexOf(p) === i);
      if (unique.length) out[node.id] = unique;
    }
    return out;
  });

  /** Every problem that keeps the pipeline from running, each naming its node. */
  problems: string[] = $derived([
    ...this.validation.general,
    ...Object.entries(this.nodeProblems).flatMap(([id, list]) => list.map((p) => `${id}: ${p}`)),
  ]);

  canUndo = $derived(this.history.past.length > 0);
  canRedo = $derived(this.history.future.length > 0);
  undoLabel = $derived(this.history.past.at(-1)?.label ?? '');
  redoLabel = $derived(this.history.future.at(-1)?.label ?? '');

  /** The parameter schema of a node kind, when it is known. */
  paramsOf(kind: string): ParamsSchema | undefined {
    return paramsOfKind(kind);
  }

  titleOf(kind: string): string {
    return titleOfKind(kind);
  }

  /** Propose the default pipeline for a target (and optionally a model kind), from the columns' roles. */
  async propose(target: string, modelKind?: string): Promise<void> {
    const id = ++this.#requestId;
    this.busy = true;
    this.error = null;
    try {
      const spec = await this.#engine().defaultPipeline(target, modelKind, this.#roleChoices());
      // The gate thresholds the user set stay when the model or the target changes.
      if (id === this.#requestId) this.#put(withEvaluateParams(spec, this.evaluateNode?.params ?? {}), 'Propose pipeline', {}, this.spec !== null);
    } catch (error) {
      if (id === this.#requestId) {
        this.#put(null, '', {}, false);
        this.error = messageOf(error);
      }
    } finally {
      if (id === this.#requestId) this.busy = false;
    }
  }

  /** Swap the (first) model node for another model kind, in place: its id and edges stay. */
  async setModel(kind: string): Promise<void> {
    if (!this.spec) return;
    const node = this.modelNode;
    const info = this.modelKinds.find((k) => k.kind === kind);
    if (!node || !info) {
      await this.propose(this.spec.target, kind);
      return;
    }
    this.replace(edits.setKind(this.spec, node.id, kind, defaultParams(info.params)), `Model: ${info.title}`);
  }

  /**
   * Set one validation-gate threshold on the evaluate node (0 turns a threshold off). Returns why
   * the value was refused, or null when it was set.
   */
  setGateThreshold(key: string, value: number): string | null {
    const schema = gateParams[key];
    if (!schema || schema.type !== 'number') return `Unknown gate threshold "${key}"`;
    if (!Number.isFinite(value)) return 'Enter a number';
    if (schema.min !== undefined && value < schema.min) return `Enter a number of at least ${schema.min}`;
    if (schema.max !== undefined && value > schema.max) return `Enter a number of at most ${schema.max}`;
    if (!this.spec || !this.evaluateNode) return 'This pipeline has no evaluation step';
    this.replace(withEvaluateParams(this.spec, { ...this.evaluateNode.params, [key]: value }), `Gate: ${key}`);
    return null;
  }

  /** The columns that may be marked sensitive: those of the data, before any step (the target aside). */
  sensitiveChoices: { name: string; kind: string }[] = $derived((this.evaluateNode && this.schemas[this.evaluateNode.id]?.paramColumns?.sensitive) ?? []);

  /**
   * Mark the sensitive columns, on every evaluate node as the gate's thresholds are: the fairness
   * report groups the test rows by them, and the models do not read them unless `asInputs`.
   * Returns why it was refused, or null.
   */
  setSensitive(columns: readonly string[], asInputs?: boolean): string | null {
    if (!this.spec || !this.evaluateNode) return 'This pipeline has no evaluation step';
    if (columns.includes(this.spec.target)) return `The target "${this.spec.target}" cannot be a sensitive column`;
    const params = { ...this.evaluateNode.params, sensitive: [...columns], ...(asInputs === undefined ? {} : { sensitive_as_inputs: asInputs }) };
    const label = asInputs === undefined ? `Sensitive columns: ${columns.length ? columns.join(', ') : 'none'}` : asInputs ? 'Let the model read the sensitive columns' : 'Leave the sensitive columns out of the model';
    this.replace(withEvaluateParams(this.spec, params), label);
    return null;
  }

  /**
   * Put a whole spec in place (an edit on the canvas, an opened file, a restored version), named by
   * `label` for the undo history. Every change to the spec goes through here. Positions of nodes
   * that are gone are dropped; `positions` replaces them all when given.
   */
  replace(spec: PipelineSpec, label: string, positions?: Positions): void {
    this.#put(spec, label, positions, true);
  }

  #snapshot(): Snapshot {
    return { spec: this.spec, positions: this.positions };
  }

  #put(spec: PipelineSpec | null, label: string, positions: Positions | undefined, recordIt: boolean): void {
    if (recordIt && label && this.spec) this.history = editHistory.record(this.history, label, this.#snapshot());
    else if (!this.spec || !spec) this.history = emptyHistory;
    const ids = nodeIds(spec);
    const base = positions ?? this.positions;
    this.positions = Object.fromEntries(Object.entries(base).filter(([id]) => ids.has(id)));
    this.selected = this.selected.filter((id) => ids.has(id));
    this.spec = spec;
    if (label) this.lastAction = label;
    void this.#refreshSchemas();
  }

  async #refreshSchemas(): Promise<void> {
    const id = ++this.#schemaRequest;
    const spec = this.spec;
    if (!spec) {
      this.schemas = {};
      return;
    }
    try {
      // Datasets the sources name are parsed first; one that cannot be shows as its source's problem.
      await this.#datasets.ensureLoaded(namedDatasets(spec)).catch(() => {});
      const schemas = await this.#engine().nodeSchemas($state.snapshot(spec) as PipelineSpec);
      if (id === this.#schemaRequest) this.schemas = schemas;
    } catch {
      // No dataset loaded (or it is being replaced): the schema flow has nothing to say.
      if (id === this.#schemaRequest) this.schemas = {};
    }
  }

  /** Run the schema flow again (the dataset changed under the same spec). */
  refreshSchemas(): void {
    void this.#refreshSchemas();
  }

  undo(): void {
    const step = editHistory.undo(this.history, this.#snapshot());
    if (!step) return;
    this.history = step.history;
    this.#restore(step.snapshot, `Undo ${step.label}`);
  }

  redo(): void {
    const step = editHistory.redo(this.history, this.#snapshot());
    if (!step) return;
    this.history = step.history;
    this.#restore(step.snapshot, `Redo ${step.label}`);
  }

  #restore(snapshot: Snapshot, message: string): void {
    const ids = nodeIds(snapshot.spec);
    this.selected = this.selected.filter((id) => ids.has(id));
    this.positions = snapshot.positions;
    this.spec = snapshot.spec;
    this.lastAction = message;
    void this.#refreshSchemas();
  }

  /** Move nodes on the canvas (one undoable edit). */
  move(moved: Record<string, XY>, label = 'Move'): void {
    if (!this.spec) return;
    this.history = editHistory.record(this.history, label, this.#snapshot());
    this.positions = { ...this.positions, ...moved };
    this.lastAction = label;
  }

  /** Forget every position: the canvas lays the graph out again (one undoable edit). */
  autoLayout(): void {
    if (!this.spec) return;
    this.replace(this.spec, 'Auto-layout', {});
  }

  select(ids: string[]): void {
    this.selected = ids;
  }

  /** Start again from a pipeline that holds its source alone. */
  newEmpty(): void {
    if (!this.spec) return;
    this.replace(edits.emptyPipeline(this.spec.name, this.spec.task, this.spec.target), 'New empty pipeline', {});
    this.selected = [];
  }

  /** The parameters a new node of `kind` starts with in this pipeline (node-catalogue.ts). */
  defaultsOf(kind: string): Record<string, ParamValue> {
    return defaultParamsOfKind(kind, this.spec?.task, this.spec);
  }

  /**
   * Add a node of `kind` at `position` (or placed by auto-layout), after `after` when given. A model
   * comes with an evaluate node of its own (each model needs one to run). Returns its id.
   */
  addNode(kind: string, position?: XY, after?: string): string | null {
    if (!this.spec) return null;
    const added = edits.addNode(this.spec, kind, this.defaultsOf(kind), after);
    const { id } = added;
    let { spec } = added;
    let label = `Add ${this.titleOf(kind)}`;
    let positions: Positions | undefined = position ? { ...this.positions, [id]: position } : undefined;
    if (isModelKind(kind)) {
      const own = edits.addEvaluate(spec, id, this.#gate());
      spec = own.spec;
      label += ` and its evaluation (${own.id})`;
      if (positions && position) positions = { ...positions, [own.id]: besideOf(position) };
    }
    this.replace(spec, label, positions);
    this.selected = [id];
    return id;
  }

  /** The validation gate and sensitive columns a new evaluate node takes: those of the pipeline's evaluate nodes (they share them). */
  #gate(): Record<string, ParamValue> {
    return this.evaluateNode?.params ?? this.defaultsOf('evaluate');
  }

  /** Insert a step right after the source with these parameters (a data-quality fix), as one undoable edit. Returns its id. */
  insertAfterSource(kind: string, params: Record<string, ParamValue>, label: string): string | null {
    const source = this.spec?.nodes.find((n) => n.kind === 'source');
    if (!this.spec || !source) return null;
    const { spec, id } = edits.addNode(this.spec, kind, { ...this.defaultsOf(kind), ...params }, source.id);
    this.replace(spec, label);
    this.selected = [id];
    return id;
  }

  /** Set a parameter on every model node whose kind has it, as one undoable edit. Returns how many nodes changed. */
  setModelParam(key: string, value: ParamValue, label: string): number {
    if (!this.spec) return 0;
    const ids = this.spec.nodes.filter((n) => this.modelKinds.find((k) => k.kind === n.kind)?.params[key] !== undefined).map((n) => n.id);
    if (ids.length > 0) this.replace(ids.reduce((spec, id) => edits.setParam(spec, id, key, value), this.spec), label);
    return ids.length;
  }

  /** Connect two nodes (into `port`, a join's left or right); returns why it was refused, or null when connected. */
  connect(from: string, to: string, port?: string | null): string | null {
    if (!this.spec) return 'No pipeline';
    const done = edits.wire(this.spec, from, to, port);
    if (typeof done === 'string') return done;
    if (done.added === undefined) this.replace(done.spec, `Connect ${from} → ${to}`);
    else {
      const at = this.positions[from];
      this.replace(done.spec, `${to} already evaluates another model: added ${done.added} to evaluate ${from}`, at ? { ...this.positions, [done.added]: besideOf(at) } : undefined);
      this.selected = [done.added];
    }
    return null;
  }

  disconnect(from: string, to: string): void {
    if (!this.spec) return;
    this.replace(edits.disconnect(this.spec, from, to), `Disconnect ${from} → ${to}`);
  }

  /** Delete nodes (the selection by default); one source stays. */
  remove(ids: readonly string[] = this.selected): void {
    if (!this.spec) return;
    const sources = this.spec.nodes.filter((n) => n.kind === 'source').map((n) => n.id);
    const keep = sources.find((id) => !ids.includes(id)) ?? sources[0];
    const doomed = ids.filter((id) => id !== keep && this.spec?.nodes.some((n) => n.id === id));
    if (doomed.length === 0) return;
    this.replace(edits.removeNodes(this.spec, doomed), `Delete ${doomed.join(', ')}`);
    this.selected = [];
  }

  duplicate(ids: readonly string[] = this.selected): void {
    if (!this.spec || ids.length === 0) return;
    const { spec, ids: made } = edits.duplicateNodes(this.spec, ids);
    if (made.size === 0) return;
    this.replace(spec, `Duplicate ${[...made.keys()].join(', ')}`, this.#offsetPositions(made));
    this.selected = [...made.values()];
  }

  copy(ids: readonly string[] = this.selected): void {
    if (!this.spec) return;
    const clip = edits.copyNodes(this.spec, ids);
    if (clip.nodes.length === 0) return;
    this.clipboard = clip;
    this.lastAction = `Copied ${clip.nodes.map((n) => n.id).join(', ')}`;
  }

  /** Paste the clipboard; a pasted node is fed from the selected node when the types fit. */
  paste(): void {
    if (!this.spec || !this.clipboard) return;
    const anchor = this.selected[0];
    const { spec, ids } = edits.pasteNodes(this.spec, this.clipboard, () => anchor);
    this.replace(spec, `Paste ${[...ids.values()].join(', ')}`, this.#offsetPositions(ids));
    this.selected = [...ids.values()];
  }

  #offsetPositions(made: Map<string, string>): Positions {
    const out: Record<string, XY> = { ...this.positions };
    for (const [old, id] of made) {
      const at = this.positions[old];
      if (at) out[id] = { x: at.x + 30, y: at.y + 90 };
    }
    return out;
  }

  setParam(id: string, key: string, value: ParamValue): void {
    if (!this.spec) return;
    this.replace(edits.setParam(this.spec, id, key, value), `Set ${id}.${key}`);
  }

  /** Swap one node's kind (a model node's model), keeping its id and edges. */
  setNodeKind(id: string, kind: string): void {
    if (!this.spec) return;
    this.replace(edits.setKind(this.spec, id, kind, this.defaultsOf(kind)), `${id}: ${this.titleOf(kind)}`);
  }

  clear(): void {
    this.#requestId++;
    this.#put(null, '', {}, false);
    this.error = null;
    this.busy = false;
  }
}

/** How far right of its model a new evaluate node goes: one column of the canvas' auto-layout (ui/editor/auto-layout.ts). */
const BESIDE_X = 210;

function besideOf(at: XY): XY {
  return { x: at.x + BESIDE_X, y: at.y };
}

/** The dataset ids the spec's sources name (those naming none read the active dataset). */
export function namedDatasets(spec: PipelineSpec): string[] {
  return datasetIds(spec.nodes).filter((id): id is string => id !== undefined);
}

function nodeIds(spec: PipelineSpec | null): ReadonlySet<string> {
  return new Set(spec?.nodes.map((n) => n.id) ?? []);
}

/** The spec with its evaluate node's params replaced (unchanged when it has no evaluate node or nothing to set). */
function withEvaluateParams(spec: PipelineSpec, params: Record<string, ParamValue>): PipelineSpec {
  if (Object.keys(params).length === 0 && !spec.nodes.some((n) => n.kind === 'evaluate' && Object.keys(n.params).length > 0)) return spec;
  return { ...spec, nodes: spec.nodes.map((n) => (n.kind === 'evaluate' ? { ...n, params: { ...params } } : n)) };
}
