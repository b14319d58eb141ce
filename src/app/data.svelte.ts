/**
 * The Datasets list as the page sees it: the stored datasets (IndexedDB), the active one's summary,
 * and loads in progress. Rows stay in the engine worker, which keeps the datasets it has read (letting
 * go of the least recently used past a memory budget, and reading them again from storage when used).
 */
import { SvelteMap } from 'svelte/reactivity';
import type { DatasetSummary, LoadProgress } from '../engine/protocol';
import type { DatasetOverrides } from '../core/csv/read-options';
import { callback } from '../engine/client';
import { DuplicateDatasetError, type DatasetRecord, type DeletedDataset } from '../store/datasets';
import type * as datasetStore from '../store/datasets';
import { newId } from '../store/ids';
import type { EngineAccess } from './engine';
import { isCancellation, messageOf } from './errors';
import { csvRefusal } from './files';
import type { RowSource } from './row-pages';
import type { SampleInfo } from './samples';
import type { ColumnRole, Role } from '../core/roles/roles';

/** What the Datasets list keeps in IndexedDB (store/datasets). */
export type DatasetStore = Pick<
  typeof datasetStore,
  'addDataset' | 'deleteDataset' | 'getDatasetFile' | 'lastActiveDataset' | 'listDatasets' | 'markActive' | 'restoreDataset' | 'updateDataset'
>;

/** The sample datasets offered beside the list (samples.ts reads those built into the app). */
export interface SampleSource {
  list(): Promise<SampleInfo[]>;
  fetch(sample: SampleInfo): Promise<Blob>;
}

export interface DataDeps {
  engine: EngineAccess<'loadDataset' | 'activateDataset' | 'renameDataset' | 'forgetDataset' | 'loadedDatasets' | 'cancelLoad' | 'columnRoles' | 'datasetRows'>;
  store: DatasetStore;
  samples: SampleSource;
  /**
   * Called once the active dataset changed (`reread`: the same dataset was read again with other
   * overrides and its target kept its kind, so a pipeline built on it stays).
   */
  activated(reread: boolean): Promise<void>;
  /** Called once the person chose another role for a column of the active dataset (stored already). */
  rolesChanged(): Promise<void>;
}

/** What a load is for, shown beside its progress. */
interface LoadTask {
  name: string;
  /** Position in a batch of files (1-based) and the batch's size. */
  index: number;
  total: number;
}

export class DataState {
  samples = $state.raw<SampleInfo[]>([]);
  /** Every stored dataset, in the order they were added. */
  datasets = $state.raw<DatasetRecord[]>([]);
  activeId = $state<string | null>(null);
  /** The active dataset as the engine read it; stays when a later load fails. */
  summary = $state.raw<DatasetSummary | null>(null);
  /** The load in progress, if any. */
  task = $state.raw<LoadTask | null>(null);
  progress = $state.raw<LoadProgress | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  target = $state('');
  /** The last deleted dataset, until undone or dismissed. */
  deleted = $state.raw<DeletedDataset | null>(null);
  /** "What do you want to predict?" is being asked: a new dataset came without a known target. */
  askTarget = $state(false);
  /** The role of each column of the active dataset but the target, the person's choices in place. */
  roles = $state.raw<ColumnRole[]>([]);
  /** Summaries of the datasets the engine holds, by id. */
  #summaries = new SvelteMap<string, DatasetSummary>();
  /** Loads run one after the other: the engine parses one file at a time. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Bumped by Cancel: queued work of an older generation does not start. */
  #generation = 0;

  /** The name of the file being loaded, while a load runs. */
  loading: string | null = $derived(this.task?.name ?? null);

  /** Load progress in [0, 1], or null when the size is unknown. */
  fraction = $derived.by(() => {
    const p = this.progress;
    if (!p || p.totalBytes <= 0) return null;
    return Math.min(1, p.bytes / p.totalBytes);
  });

  active: DatasetRecord | null = $derived(this.datasets.find((d) => d.id === this.activeId) ?? null);

  /** The active dataset's rows for the rows viewer: the preview first, the others read from the engine a page at a time. */
  rows: RowSource | null = $derived.by(() => {
    const summary = this.summary;
    if (!summary) return null;
    return { rowCount: summary.rows, first: summary.preview, read: (start, count) => this.#engine().datasetRows(summary.id, start, count) };
  });

  readonly #engine: DataDeps['engine'];
  readonly #store: DatasetStore;
  readonly #samples: SampleSource;
  readonly #activated: DataDeps['activated'];
  readonly #rolesChanged: DataDeps['rolesChanged'];
  /** Bumped by every roles request: an older answer does not overwrite a newer one. */
  #rolesRequest = 0;

  constructor({ engine, store, samples, activated, rolesChanged }: DataDeps) {
    this.#engine = engine;
    this.#store = store;
    this.#samples = samples;
    this.#activated = activated;
    this.#rolesChanged = rolesChanged;
  }

  async init(): Promise<void> {
    const [samples, datasets] = await Promise.allSettled([this.#samples.list(), this.#store.listDatasets()]);
    if (samples.status === 'fulfilled') this.samples = samples.value;
    else this.error = messageOf(samples.reason);
    if (datasets.status === 'fulfilled') this.datasets = datasets.value;
    else this.error = `Could not read the stored datasets: ${messageOf(datasets.reason)}`;
  }

  /** After a reload: read the dataset that was active last again, from its stored file. */
  async restore(): Promise<void> {
    try {
      const last = await this.#store.lastActiveDataset();
      if (last && this.activeId === null) await this.select(last.id);
    } catch (error) {
      this.error = `Could not read the stored datasets: ${messageOf(error)}`;
    }
  }

  /** Add files as datasets, one after the other; the last one added becomes active. */
  addFiles(files: readonly File[]): Promise<void> {
    return this.#addAll(files.map((file) => ({ blob: file, name: file.name })));
  }

  /** Pasted CSV text becomes a dataset like a file does. */
  addText(text: string, name: string): Promise<void> {
    const fileName = name.trim() || 'pasted.csv';
    return this.addFiles([new File([text], fileName, { type: 'text/csv' })]);
  }

  async addSample(sample: SampleInfo): Promise<void> {
    let blob: Blob;
    try {
      blob = await this.#samples.fetch(sample);
    } catch (error) {
      this.error = messageOf(error);
      return;
    }
    await this.#addAll([{ blob, name: sample.file, knownTarget: sample.target }]);
  }

  #addAll(sources: readonly { blob: Blob; name: string; knownTarget?: string }[]): Promise<void> {
    return this.#enqueue(async (generation) => {
      this.error = null;
      this.notice = null;
      const problems: string[] = [];
      const notices: string[] = [];
      let added: { id: string; isNew: boolean } | null = null;
      for (const [i, { blob, name, knownTarget }] of sources.entries()) {
        if (generation !== this.#generation) break;
        added = (await this.#add(blob, name, knownTarget, { name, index: i + 1, total: sources.length }, problems, notices)) ?? added;
      }
      this.error = problems.length ? problems.join('\n') : null;
      this.notice = notices.length ? notices.join('\n') : null;
      // A new dataset without a known target asks what to predict; one stored before keeps its target.
      if (added) await this.#activate(added.id, added.isNew && !this.#summaries.get(added.id)?.targetKnown);
    });
  }

  /** Make a stored dataset the active one, reading its file again when the engine does not hold it. */
  select(id: string): Promise<void> {
    return this.#enqueue(async () => {
      this.error = null;
      try {
        await this.#ensureLoaded([id]);
      } catch (error) {
        if (!isCancellation(error)) this.error = messageOf(error);
        return;
      }
      await this.#activate(id);
    });
  }

  /** Make sure the engine holds these datasets parsed (for a run that reads several), reading their stored files as needed. */
  ensureLoaded(ids: readonly string[]): Promise<void> {
    return this.#enqueue(() => this.#ensureLoaded(ids));
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) {
      this.error = 'A dataset needs a name';
      return;
    }
    try {
      const record = await this.#store.updateDataset(id, { name: trimmed });
      this.#replaceRecord(record);
      const summary = this.#summaries.get(id);
      if (summary) {
        this.#summaries.set(id, { ...summary, name: trimmed });
        await this.#engine().renameDataset(id, trimmed);
      }
      if (id === this.activeId && this.summary) this.summary = { ...this.summary, name: trimmed };
      this.error = null;
    } catch (error) {
      this.error = `Could not rename the dataset: ${messageOf(error)}`;
    }
  }

  /** Delete a dataset (undo brings it back); when it was active, the newest remaining one becomes active. */
  remove(id: string): Promise<void> {
    return this.#enqueue(async () => {
      try {
        const deleted = await this.#store.deleteDataset(id);
        this.deleted = deleted ?? null;
      } catch (error) {
        this.error = `Could not delete the dataset: ${messageOf(error)}`;
        return;
      }
      this.datasets = this.datasets.filter((d) => d.id !== id);
      this.#summaries.delete(id);
      await this.#engine().forgetDataset(id);
      if (id !== this.activeId) return;
      this.activeId = null;
      this.summary = null;
      this.target = '';
      const next = this.datasets.at(-1);
      if (next) {
        try {
          await this.#ensureLoaded([next.id]);
          await this.#activate(next.id);
          return;
        } catch (error) {
          if (!isCancellation(error)) this.error = messageOf(error);
        }
      }
      await this.#activated(false);
    });
  }

  async undoRemove(): Promise<void> {
    const deleted = this.deleted;
    if (!deleted) return;
    try {
      const record = await this.#store.restoreDataset(deleted);
      this.deleted = null;
      this.datasets = [...this.datasets, record].sort((a, b) => a.addedAt.localeCompare(b.addedAt));
    } catch (error) {
      this.error = `Could not bring the dataset back: ${messageOf(error)}`;
    }
  }

  dismissUndo(): void {
    this.deleted = null;
  }

  /**
   * Read a dataset again with other overrides (dialect, missing tokens, column kinds). They are
   * stored only once the file reads with them; otherwise the error is shown and nothing changes.
   */
  setOverrides(id: string, overrides: DatasetOverrides): Promise<void> {
    return this.#enqueue(async () => {
      const record = this.datasets.find((d) => d.id === id);
      if (!record) return;
      this.error = null;
      try {
        const blob = await this.#file(record);
        const summary = await this.#parse(record, blob, pruned(overrides), { name: record.name, index: 1, total: 1 });
        const updated = await this.#store.updateDataset(id, describe(summary, pruned(overrides)));
        this.#summaries.set(id, summary);
        this.#replaceRecord(updated);
        if (id === this.activeId) {
          const kindOf = (s: DatasetSummary | null) => s?.columns.find((c) => c.name === this.target)?.kind;
          // A target read as another kind may change the task: then the pipeline is proposed afresh.
          const sameTarget = kindOf(this.summary) === kindOf(summary);
          this.#show(updated, summary);
          await this.#activated(sameTarget);
        }
      } catch (error) {
        if (!isCancellation(error)) this.error = `Could not read ${record.name} that way: ${messageOf(error)}`;
      }
    });
  }

  /** The active dataset's column roles for the current target, read again from the engine. */
  async refreshRoles(): Promise<void> {
    const request = ++this.#rolesRequest;
    const target = this.target;
    const choices = this.active?.overrides.roles;
    if (!this.summary || !target) {
      this.roles = [];
      return;
    }
    try {
      const roles = await this.#engine().columnRoles(target, choices);
      if (request === this.#rolesRequest) this.roles = roles;
    } catch {
      // The roles come from the same read of the dataset as the proposed pipeline, whose error the Pipeline panel shows.
      if (request === this.#rolesRequest) this.roles = [];
    }
  }

  /**
   * The person's role for a column of the active dataset, stored with its overrides (no new read of
   * the file: roles do not change how it reads); choosing the inferred role again removes the choice.
   */
  async setRole(column: string, role: Role): Promise<void> {
    const record = this.active;
    if (!record) return;
    const inferred = this.roles.find((r) => r.name === column);
    const { [column]: _previous, ...others } = record.overrides.roles ?? {};
    const roles = (inferred?.inferred ?? inferred?.role) === role ? others : { ...others, [column]: role };
    try {
      this.#replaceRecord(await this.#store.updateDataset(record.id, { overrides: pruned({ ...record.overrides, roles }) }));
    } catch (error) {
      this.error = `Could not store the role of ${column}: ${messageOf(error)}`;
      return;
    }
    await this.#rolesChanged();
  }

  /** Remember the target picked for the active dataset. */
  async recordTarget(target: string): Promise<void> {
    const id = this.activeId;
    if (!id || !target || this.active?.target === target) return;
    try {
      this.#replaceRecord(await this.#store.updateDataset(id, { target }));
    } catch {
      // Only a convenience for the next visit; the choice itself is in place.
    }
  }

  /** Cancel the load in progress and the files queued after it. */
  cancel(): void {
    if (this.task === null) return;
    this.#generation++;
    void this.#engine().cancelLoad();
  }

  #enqueue<T>(work: (generation: number) => Promise<T>): Promise<T> {
    const generation = this.#generation;
    const next = this.#queue.then(() => work(generation));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Show the active dataset, with the target picked for it when the columns still have it. */
  #show(record: DatasetRecord, summary: DatasetSummary): void {
    this.summary = summary;
    this.target = summary.columns.some((c) => c.name === record.target) ? record.target : summary.suggestedTarget;
  }

  #replaceRecord(record: DatasetRecord): void {
    this.datasets = this.datasets.map((d) => (d.id === record.id ? record : d));
  }

  async #file(record: DatasetRecord): Promise<Blob> {
    const blob = await this.#store.getDatasetFile(record.id);
    if (!blob) throw new Error(`The stored file of ${record.name} is missing; delete the dataset and add the file again`);
    return blob;
  }

  /** Parse in the engine, with progress; throws what the engine threw. */
  async #parse(record: Pick<DatasetRecord, 'id' | 'name' | 'target'>, blob: Blob, overrides: DatasetOverrides, task: LoadTask): Promise<DatasetSummary> {
    this.task = task;
    this.progress = { bytes: 0, totalBytes: blob.size, rows: 0 };
    try {
      return await this.#engine().loadDataset(record.id, blob, record.name, overrides, record.target || undefined, callback((p: LoadProgress) => (this.progress = p)));
    } finally {
      this.task = null;
      this.progress = null;
    }
  }

  /**
   * Parse a new file and store it as a dataset. Returns its id (or the id of the stored dataset
   * with the same content, not new), or null when it failed; problems and notices are collected for the caller.
   */
  async #add(blob: Blob, name: string, knownTarget: string | undefined, task: LoadTask, problems: string[], notices: string[]): Promise<{ id: string; isNew: boolean } | null> {
    const refusal = blob instanceof File ? csvRefusal(blob) : null;
    if (refusal) {
      problems.push(`Could not load ${name}: ${refusal}`);
      return null;
    }
    const id = newId();
    let summary: DatasetSummary;
    try {
      summary = await this.#parse({ id, name, target: knownTarget ?? '' }, blob, {}, task);
    } catch (error) {
      if (!isCancellation(error)) problems.push(`Could not load ${name}: ${messageOf(error)}`);
      return null;
    }
    const described = {
      id,
      name,
      size: blob.size,
      target: summary.suggestedTarget,
      ...describe(summary, {}),
      sha256: summary.sha256,
    };
    let record: DatasetRecord;
    try {
      record = await this.#store.addDataset(described, blob);
    } catch (error) {
      await this.#engine().forgetDataset(id);
      if (error instanceof DuplicateDatasetError) {
        notices.push(`${name}: ${error.message}; selected it.`);
        await this.#ensureLoaded([error.existing.id]);
        return { id: error.existing.id, isNew: false };
      }
      problems.push(`Could not store ${name}: ${messageOf(error)}`);
      return null;
    }
    this.#summaries.set(id, summary);
    this.datasets = [...this.datasets, record];
    return { id, isNew: true };
  }

  async #ensureLoaded(ids: readonly string[]): Promise<void> {
    const held = (await this.#engine().loadedDatasets()).map((d) => d.id);
    const missing = ids.filter((id) => !held.includes(id) || !this.#summaries.has(id));
    for (const [i, id] of missing.entries()) {
      const record = this.datasets.find((d) => d.id === id);
      if (!record) throw new Error('This dataset is no longer in the list');
      const blob = await this.#file(record);
      try {
        const summary = await this.#parse(record, blob, record.overrides, { name: record.name, index: i + 1, total: missing.length });
        this.#summaries.set(id, summary);
      } catch (error) {
        if (isCancellation(error)) throw error;
        throw new Error(`Could not read ${record.name} again: ${messageOf(error)}`, { cause: error });
      }
    }
  }

  /** `ask`: ask what to predict (the question is open once the dataset shows, before its pipeline is proposed). */
  async #activate(id: string, ask = false): Promise<void> {
    const summary = this.#summaries.get(id);
    const record = this.datasets.find((d) => d.id === id);
    if (!summary || !record) return;
    await this.#engine().activateDataset(id);
    this.activeId = id;
    this.#show(record, summary);
    this.askTarget = ask;
    try {
      this.#replaceRecord(await this.#store.markActive(id));
    } catch {
      // Only decides which dataset comes back after a reload.
    }
    await this.#activated(false);
  }
}

/** The stored description of a dataset as the engine read it. */
function describe(summary: DatasetSummary, overrides: DatasetOverrides): Pick<DatasetRecord, 'rows' | 'dialect' | 'overrides' | 'schema'> {
  return {
    rows: summary.rows,
    dialect: summary.dialect,
    overrides,
    schema: summary.columns.map((c) => ({ name: c.name, kind: c.kind })),
  };
}

/** Overrides without empty parts, so that "no change" is stored as nothing. */
function pruned(overrides: DatasetOverrides): DatasetOverrides {
  const out: DatasetOverrides = {};
  const dialect = Object.fromEntries(Object.entries(overrides.dialect ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  if (Object.keys(dialect).length) out.dialect = dialect;
  if (overrides.missingTokens) out.missingTokens = [...overrides.missingTokens];
  if (overrides.kinds && Object.keys(overrides.kinds).length) out.kinds = { ...overrides.kinds };
  if (overrides.excluded?.length) out.excluded = [...overrides.excluded];
  if (overrides.roles && Object.keys(overrides.roles).length) out.roles = { ...overrides.roles };
  return out;
}
