/** Every finished model run, for the Runs table: sort, select several to compare, mark the best. */
import type { PipelineSpec } from '../core/pipeline/spec';
import type { RunSummary } from '../core/pipeline/events';
import type { RunRecord } from '../store/runs';
import type * as runStore from '../store/runs';
import { messageOf } from './errors';
import { earlierCurve, firstDirection, runMetricKeys, runRecordOf, sortRuns, type RunSortKey, type SortDirection } from './runs-table';
import type { LossPoint } from './training.svelte';

/** Where finished runs are kept (store/runs). */
export type RunStore = Pick<typeof runStore, 'listRuns' | 'markBestRun' | 'saveRun'>;

export class RunsState {
  runs = $state.raw<RunRecord[]>([]);
  sortKey = $state<RunSortKey>('created');
  sortDirection = $state<SortDirection>('desc');
  /** Ids of the runs selected for comparison, in the order they were picked. */
  selected = $state.raw<string[]>([]);
  error = $state<string | null>(null);

  sorted: RunRecord[] = $derived(sortRuns(this.runs, this.sortKey, this.sortDirection));
  metricKeys: string[] = $derived(runMetricKeys(this.runs));
  selectedRuns: RunRecord[] = $derived(this.selected.map((id) => this.runs.find((r) => r.id === id)).filter((r): r is RunRecord => r !== undefined));

  readonly #store: RunStore;

  constructor({ store }: { store: RunStore }) {
    this.#store = store;
  }

  async refresh(): Promise<void> {
    try {
      this.runs = await this.#store.listRuns();
      this.selected = this.selected.filter((id) => this.runs.some((r) => r.id === id));
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  /** Store each model node's result of a finished run. */
  async record(spec: PipelineSpec, pipelineVersion: number, summaries: readonly RunSummary[], losses: Record<string, LossPoint[]>, dataset: { name: string; hash: string }): Promise<void> {
    try {
      for (const summary of summaries) {
        const record = runRecordOf(spec, pipelineVersion, summary, losses[summary.node] ?? [], dataset);
        // A model that came from the cache trained no epochs: its curve is the one of the run it came from.
        if (record.losses.length === 0) record.losses = earlierCurve(this.runs, record);
        await this.#store.saveRun(record);
      }
    } catch (error) {
      this.error = `Could not store the run: ${messageOf(error)}`;
    }
    await this.refresh();
  }

  /** Sort by a column; clicking the sorted column again reverses it. */
  sortBy(key: RunSortKey): void {
    if (this.sortKey === key) this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
    else {
      this.sortKey = key;
      this.sortDirection = firstDirection(key);
    }
  }

  toggleSelected(id: string): void {
    this.selected = this.selected.includes(id) ? this.selected.filter((s) => s !== id) : [...this.selected, id];
  }

  /** Mark a run as its pipeline's best (or clear the mark). */
  async setBest(id: string, best: boolean): Promise<void> {
    try {
      await this.#store.markBestRun(id, best);
    } catch (error) {
      this.error = messageOf(error);
    }
    await this.refresh();
  }
}
