/**
 * The Profile panel's state: the rich profile of the active dataset, computed in the engine worker
 * (aggregates only), and the fixes the person applied from its warnings.
 */
import type { EngineAccess } from './engine';
import { isCancellation, messageOf } from './errors';
import type { PipelineState } from './pipeline.svelte';
import { callback } from '../engine/client';
import type { QualityFix, QualityWarning } from '../core/quality/warning';
import type { DatasetProfile } from '../core/profile/types';
import type { ProfileProgress } from '../core/profile/dataset';

/** Datasets up to this many rows are profiled as soon as they load; larger ones when asked. */
export const AUTO_PROFILE_ROWS = 200_000;

export interface ProfileDeps {
  engine: EngineAccess<'profileDataset' | 'cancelProfile'>;
}

export class ProfileState {
  profile = $state.raw<DatasetProfile | null>(null);
  progress = $state.raw<ProfileProgress | null>(null);
  error = $state<string | null>(null);
  /** The column shown in detail. */
  column = $state('');
  /** What applying each warning's fix did, by warning id. */
  applied = $state.raw<Record<string, string>>({});

  #request = 0;
  readonly #engine: ProfileDeps['engine'];

  constructor({ engine }: ProfileDeps) {
    this.#engine = engine;
  }

  busy = $derived(this.progress !== null);

  /** Forget the profile (the dataset or the target changed). */
  reset(): void {
    this.#request++;
    if (this.progress) void this.#engine().cancelProfile();
    this.profile = null;
    this.progress = null;
    this.error = null;
    this.applied = {};
  }

  async compute(target: string): Promise<void> {
    const id = ++this.#request;
    this.error = null;
    this.progress = { done: 0, total: 1, phase: 'columns' };
    // Progress comes through the callback's own channel and can arrive after the result.
    let finished = false;
    try {
      const profile = await this.#engine().profileDataset(
        target || undefined,
        callback((p: ProfileProgress) => {
          if (id === this.#request && !finished) this.progress = p;
        }),
      );
      finished = true;
      if (id !== this.#request) return;
      this.profile = profile;
      this.applied = {};
      if (!profile.columns.some((c) => c.name === this.column)) this.column = profile.columns.find((c) => c.name !== target)?.name ?? profile.columns[0]?.name ?? '';
    } catch (error) {
      if (id === this.#request) this.error = isCancellation(error) ? 'Profiling was cancelled.' : `Could not profile the dataset: ${messageOf(error)}`;
    } finally {
      finished = true;
      if (id === this.#request) this.progress = null;
    }
  }

  cancel(): void {
    if (this.progress) void this.#engine().cancelProfile();
  }

  /** Apply a warning's fix (or one of its alternatives) to the pipeline, as one undoable edit; says what happened. */
  applyFix(pipeline: PipelineState, warning: QualityWarning, fix: QualityFix | undefined = warning.fix): void {
    if (!fix) return;
    let done: string;
    if (fix.type === 'step') {
      const id = pipeline.insertAfterSource(fix.kind, fix.params, fix.label);
      done = id ? `Added "${pipeline.titleOf(fix.kind)}" (${id}) after the source.` : 'There is no pipeline to add the step to: pick a target first.';
    } else {
      const changed = pipeline.setModelParam(fix.param, fix.value, fix.label);
      done = changed > 0 ? `Set ${fix.param} = ${String(fix.value)} on ${changed} model node${changed === 1 ? '' : 's'}.` : `No model node of this pipeline takes ${fix.param}.`;
    }
    this.applied = { ...this.applied, [warning.id]: done };
  }
}
