/** The open pipeline's numbered versions: snapshots at each run, history, compare and restore. */
import type { PipelineSpec } from '../core/pipeline/spec';
import type { PipelineVersionRecord } from '../store/pipelines';
import type * as pipelineStore from '../store/pipelines';
import { messageOf } from './errors';
import { diffPipelines } from './pipeline-diff';

/** Where the numbered versions of pipelines are kept (store/pipelines). */
export type VersionStore = Pick<typeof pipelineStore, 'addPipelineVersion' | 'listPipelineVersions'>;

export class VersionsState {
  /** The versions of the open pipeline's name, newest first. */
  versions = $state.raw<PipelineVersionRecord[]>([]);
  /** The note the next snapshot gets ("Version note"). */
  note = $state('');
  /** The version being compared with the open pipeline, and the differences found. */
  comparing = $state.raw<{ id: string; version: number; changes: string[] } | null>(null);
  /** The version whose contents are shown. */
  openedId = $state<string | null>(null);
  error = $state<string | null>(null);
  /** What the last file, template or restore did (shown under the pipeline tools). */
  notice = $state<string | null>(null);
  #name = '';
  readonly #store: VersionStore;

  constructor({ store }: { store: VersionStore }) {
    this.#store = store;
  }

  /** Read the versions of a pipeline name. */
  async refresh(pipelineName: string | undefined): Promise<void> {
    this.#name = pipelineName ?? '';
    if (!pipelineName) {
      this.versions = [];
      return;
    }
    try {
      const all = await this.#store.listPipelineVersions(pipelineName);
      if (this.#name === pipelineName) this.versions = all.reverse();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  /**
   * Snapshot the spec as its pipeline's next version, with what changed since the previous one;
   * when nothing changed and no note was written, the latest version is the one run.
   */
  async snapshot(spec: PipelineSpec): Promise<PipelineVersionRecord | null> {
    try {
      const all = await this.#store.listPipelineVersions(spec.name);
      const previous = all[all.length - 1];
      const changes = previous ? diffPipelines(previous.spec, spec) : [];
      const note = this.note.trim();
      if (previous && changes.length === 0 && note === '') return previous;
      const record = await this.#store.addPipelineVersion(spec, { note, changes });
      this.note = '';
      await this.refresh(spec.name);
      return record;
    } catch (error) {
      this.error = `Could not keep a version of the pipeline: ${messageOf(error)}`;
      return null;
    }
  }

  find(id: string): PipelineVersionRecord | undefined {
    return this.versions.find((v) => v.id === id);
  }

  /** Show what differs between a version and the open pipeline (toggles off when asked again). */
  compare(id: string, current: PipelineSpec | null): void {
    const version = this.find(id);
    if (!version || !current || this.comparing?.id === id) {
      this.comparing = null;
      return;
    }
    this.comparing = { id, version: version.version, changes: diffPipelines(version.spec, current) };
  }

  toggleOpen(id: string): void {
    this.openedId = this.openedId === id ? null : id;
  }
}
