/** The pipeline spec for the current target, as proposed by the engine. */
import type { PipelineNode, PipelineSpec } from '../core/pipeline/spec';
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
      if (id === this.#requestId) this.spec = spec;
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

  clear(): void {
    this.#requestId++;
    this.spec = null;
    this.error = null;
    this.busy = false;
  }
}
