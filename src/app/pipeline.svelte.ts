/** The pipeline spec for the current target, as proposed by the engine. */
import { gateParams } from '../core/pipeline/gate';
import type { ParamValue, PipelineNode, PipelineSpec } from '../core/pipeline/spec';
import type { ModelKindInfo } from '../engine/protocol';
import { engineApi } from './engine';
import { messageOf } from './errors';

export class PipelineState {
  spec = $state.raw<PipelineSpec | null>(null);
  modelKinds = $state.raw<ModelKindInfo[]>([]);
  busy = $state(false);
  error = $state<string | null>(null);

  #requestId = 0;

  /** The spec's model node (the one whose kind is a model kind). */
  modelNode: PipelineNode | undefined = $derived.by(() => {
    const kinds = this.modelKinds;
    return this.spec?.nodes.find((n) => kinds.some((k) => k.kind === n.kind));
  });

  /** The evaluate node, whose params are the validation gate's thresholds. */
  evaluateNode: PipelineNode | undefined = $derived(this.spec?.nodes.find((n) => n.kind === 'evaluate'));

  /** The model kinds that fit the spec's task. */
  modelOptions: ModelKindInfo[] = $derived.by(() => {
    const task = this.spec?.task;
    return task ? this.modelKinds.filter((k) => k.tasks.includes(task)) : [];
  });

  async #ensureKinds(): Promise<void> {
    if (this.modelKinds.length === 0) this.modelKinds = await engineApi().modelKinds();
  }

  /** Propose the default pipeline for a target (and optionally a model kind). */
  async propose(target: string, modelKind?: string): Promise<void> {
    const id = ++this.#requestId;
    this.busy = true;
    this.error = null;
    try {
      await this.#ensureKinds();
      const spec = await engineApi().defaultPipeline(target, modelKind);
      // The gate thresholds the user set stay when the model or the target changes.
      if (id === this.#requestId) this.spec = withEvaluateParams(spec, this.evaluateNode?.params ?? {});
    } catch (error) {
      if (id === this.#requestId) {
        this.spec = null;
        this.error = messageOf(error);
      }
    } finally {
      if (id === this.#requestId) this.busy = false;
    }
  }

  /** Swap the model node for another model kind. */
  async setModel(kind: string): Promise<void> {
    if (!this.spec) return;
    await this.propose(this.spec.target, kind);
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
    this.spec = withEvaluateParams(this.spec, { ...this.evaluateNode.params, [key]: value });
    return null;
  }

  /**
   * Put a whole spec in place (an edit on the canvas, an opened file, a restored version), named by
   * `label` for the undo history. Every change to the spec goes through here.
   */
  replace(spec: PipelineSpec, label: string): void {
    void label;
    this.spec = spec;
  }

  clear(): void {
    this.#requestId++;
    this.spec = null;
    this.error = null;
    this.busy = false;
  }
}

/** The spec with its evaluate node's params replaced (unchanged when it has no evaluate node or nothing to set). */
function withEvaluateParams(spec: PipelineSpec, params: Record<string, ParamValue>): PipelineSpec {
  if (Object.keys(params).length === 0 && !spec.nodes.some((n) => n.kind === 'evaluate' && Object.keys(n.params).length > 0)) return spec;
  return { ...spec, nodes: spec.nodes.map((n) => (n.kind === 'evaluate' ? { ...n, params: { ...params } } : n)) };
}
