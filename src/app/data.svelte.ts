/** The loaded dataset as the page sees it: a summary; the rows stay in the engine worker. */
import type { DatasetSummary, LoadProgress } from '../engine/protocol';
import { callback } from '../engine/client';
import { engineApi } from './engine';
import { isCancellation, messageOf } from './errors';
import { fetchSample, fetchSamples, type SampleInfo } from './samples';

export class DataState {
  samples = $state.raw<SampleInfo[]>([]);
  /** The dataset the engine currently holds; stays when a later load fails. */
  summary = $state.raw<DatasetSummary | null>(null);
  /** The name of the file being loaded, while a load runs. */
  loading = $state<string | null>(null);
  progress = $state.raw<LoadProgress | null>(null);
  error = $state<string | null>(null);
  target = $state('');

  #loadId = 0;

  /** Load progress in [0, 1], or null when the size is unknown. */
  fraction = $derived.by(() => {
    const p = this.progress;
    if (!p || p.totalBytes <= 0) return null;
    return Math.min(1, p.bytes / p.totalBytes);
  });

  async init(): Promise<void> {
    try {
      this.samples = await fetchSamples();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  async loadSample(sample: SampleInfo): Promise<DatasetSummary | null> {
    let blob: Blob;
    try {
      blob = await fetchSample(sample);
    } catch (error) {
      this.error = messageOf(error);
      return null;
    }
    return this.load(blob, sample.file, sample.target);
  }

  /**
   * Parse a file in the engine. Resolves to the new summary, or null when the load failed
   * (the error is shown and the previous dataset stays) or a newer load replaced it.
   */
  async load(file: Blob, name: string, knownTarget?: string): Promise<DatasetSummary | null> {
    const api = engineApi();
    const id = ++this.#loadId;
    if (this.loading !== null) void api.cancelLoad();
    this.loading = name;
    this.progress = { bytes: 0, totalBytes: file.size, rows: 0 };
    this.error = null;
    try {
      const summary = await api.loadCsv(
        file,
        name,
        knownTarget,
        callback((p: LoadProgress) => {
          if (id === this.#loadId) this.progress = p;
        }),
      );
      if (id !== this.#loadId) return null;
      this.summary = summary;
      this.target = summary.suggestedTarget;
      return summary;
    } catch (error) {
      if (id !== this.#loadId) return null;
      this.error = isCancellation(error) ? null : `Could not load ${name}: ${messageOf(error)}`;
      return null;
    } finally {
      if (id === this.#loadId) {
        this.loading = null;
        this.progress = null;
      }
    }
  }

  cancel(): void {
    if (this.loading === null) return;
    void engineApi().cancelLoad();
  }
}
