/**
 * The model registry as the page sees it: saved versions, their stage, names and notes; saving,
 * importing, exporting, promoting, rolling back, deleting with undo; and the browser's storage.
 */
import { SvelteMap } from 'svelte/reactivity';
import { formatBytes } from '../core/bytes';
import { PromotionRefusedError, StorageFullError, type DeletedModel, type ModelRecord } from '../store/models';
import type * as modelStore from '../store/models';
import type { StorageInfo } from '../store/storage';
import { MODEL_FILE_EXTENSION } from '../core/bundle/model-info';
import { hasGovernance } from '../core/bundle/governance';
import { keepsTrainingRows } from '../core/models/kinds';
import { readBundleDetails, type BundleDetails } from './bundle-details';
import type { EngineAccess } from './engine';
import { messageOf } from './errors';
import { withOpenModel, type OpenModelDeps } from './open-models';
import { safeFileName } from './files';
import { filterAndSort, metricKeys, type SortKey } from './registry';

/** The model registry in IndexedDB (store/models). */
export type ModelStore = Pick<
  typeof modelStore,
  | 'deleteModel'
  | 'getBundle'
  | 'importModel'
  | 'listModels'
  | 'promoteModel'
  | 'replaceInfo'
  | 'restoreModel'
  | 'rollBack'
  | 'rollbackTarget'
  | 'updateModel'
  | 'updateGovernance'
  | 'signOffModel'
>;

/** The browser's storage as the Models list shows it (store/storage). */
export interface StorageAccess {
  storageInfo(): Promise<StorageInfo | null>;
  requestPersistence(): Promise<boolean | null>;
}

export interface ModelsDeps {
  engine: EngineAccess<'inspectModel' | 'exportLastRun' | 'openModel' | 'exportTfjsModel' | 'withGovernance'>;
  store: ModelStore;
  storage: StorageAccess;
  /** Offer a file to the person (files.ts' downloadBlob on the page). */
  download(blob: Blob, fileName: string): void;
  /** Called after the list changed (the Predict panel follows the selection). */
  changed(): void;
}

export class ModelsState {
  records = $state.raw<ModelRecord[]>([]);
  /** False until the list has been read from IndexedDB once. */
  ready = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  filter = $state('');
  sort = $state<SortKey>('newest');
  /** Models ticked for comparison. */
  compareIds = $state.raw<string[]>([]);
  /** Pipeline specs read from the model files, by model id (for comparing parameters and lineage). */
  readonly details = new SvelteMap<string, BundleDetails>();

  storage = $state.raw<StorageInfo | null>(null);
  /** The last deletion, until it is undone or dismissed. */
  undo = $state.raw<{ deleted: DeletedModel; message: string } | null>(null);

  visible: ModelRecord[] = $derived(filterAndSort(this.records, this.filter, this.sort));
  metrics: string[] = $derived(metricKeys(this.records));
  comparing: ModelRecord[] = $derived(
    this.compareIds.map((id) => this.records.find((r) => r.id === id)).filter((r): r is ModelRecord => r !== undefined),
  );

  #persistAsked = false;
  readonly #engine: ModelsDeps['engine'];
  readonly #store: ModelStore;
  readonly #browserStorage: StorageAccess;
  readonly #download: ModelsDeps['download'];
  readonly #changed: ModelsDeps['changed'];
  /** How a saved model is opened in the engine, for the calls that need it open. */
  readonly #open: OpenModelDeps<ReturnType<ModelsDeps['engine']>>;

  constructor({ engine, store, storage, download, changed }: ModelsDeps) {
    this.#engine = engine;
    this.#store = store;
    this.#browserStorage = storage;
    this.#download = download;
    this.#changed = changed;
    this.#open = { engine, getBundle: store.getBundle };
  }

  async init(): Promise<void> {
    await Promise.all([this.refresh(), this.refreshStorage()]);
  }

  async refresh(): Promise<void> {
    try {
      this.records = await this.#store.listModels();
      this.compareIds = this.compareIds.filter((id) => this.records.some((r) => r.id === id));
      const stale = this.records.filter((r) => r.info.sha256 === '');
      if (stale.length > 0) void this.#readAgain(stale);
    } catch (error) {
      this.error = `Could not read the saved models: ${messageOf(error)}`;
    } finally {
      this.ready = true;
    }
    this.#changed();
  }

  async refreshStorage(): Promise<void> {
    try {
      this.storage = await this.#browserStorage.storageInfo();
    } catch {
      this.storage = null;
    }
  }

  /** Models saved by an older version of the app: read their files again for what was not kept then. */
  async #readAgain(stale: ModelRecord[]): Promise<void> {
    let changed = false;
    for (const record of stale) {
      try {
        const bytes = await this.#store.getBundle(record.id);
        if (!bytes) continue;
        await this.#store.replaceInfo(record.id, await this.#engine().inspectModel(bytes));
        changed = true;
      } catch {
        // Leave it as it is: it still predicts; what is missing stays unknown.
      }
    }
    if (changed) await this.refresh();
  }

  #start(): void {
    this.busy = true;
    this.error = null;
    this.notice = null;
  }

  #failed(what: string, error: unknown): void {
    this.error = error instanceof StorageFullError || error instanceof PromotionRefusedError ? error.message : `${what}: ${messageOf(error)}`;
  }

  /** Validate a model file in the engine and store it as the next version of its pipeline. */
  async #keep(bundle: Uint8Array): Promise<ModelRecord> {
    const record = await this.#store.importModel(bundle, (bytes) => this.#engine().inspectModel(bytes));
    if (!this.#persistAsked) {
      this.#persistAsked = true;
      await this.#browserStorage.requestPersistence().catch(() => null);
    }
    return record;
  }

  /** Save the last run's model (of one model node when the pipeline trained several). Returns the stored record, or null on failure. */
  async saveLastRun(node?: string): Promise<ModelRecord | null> {
    this.#start();
    try {
      const record = await this.#keep(await this.#engine().exportLastRun(node));
      this.notice = `Saved ${record.name} as version ${record.version} of ${record.pipeline}`;
      return record;
    } catch (error) {
      this.#failed('Could not save the model', error);
      return null;
    } finally {
      this.busy = false;
      await this.refresh();
      await this.refreshStorage();
    }
  }

  /** Validate a model file, then store it. Nothing is stored when it is not valid. */
  async importFile(file: File): Promise<ModelRecord | null> {
    this.#start();
    try {
      const bundle = new Uint8Array(await file.arrayBuffer());
      if (bundle.byteLength === 0) throw new Error('the file is empty');
      const record = await this.#keep(bundle);
      this.notice = `Imported ${record.name} from ${file.name} as version ${record.version} of ${record.pipeline}`;
      return record;
    } catch (error) {
      this.#failed(`Could not import ${file.name}`, error);
      return null;
    } finally {
      this.busy = false;
      await this.refresh();
      await this.refreshStorage();
    }
  }

  async #change(what: string, action: () => Promise<string | null>): Promise<boolean> {
    this.#start();
    try {
      this.notice = await action();
      return true;
    } catch (error) {
      this.#failed(what, error);
      return false;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  rename(record: ModelRecord, name: string): Promise<boolean> {
    if (name.trim() === record.name) return Promise.resolve(true);
    return this.#change(`Could not rename ${record.name}`, async () => {
      const renamed = await this.#store.updateModel(record.id, { name });
      return `Renamed to ${renamed.name}`;
    });
  }

  setNotes(record: ModelRecord, notes: string): Promise<boolean> {
    if (notes === record.notes) return Promise.resolve(true);
    return this.#change(`Could not keep the notes of ${record.name}`, async () => {
      await this.#store.updateModel(record.id, { notes });
      return `Notes of ${record.name} kept`;
    });
  }

  /** Keep the intended use or limits of a model version; a sign-off of the old text is withdrawn, and the notice says so. */
  setGovernance(record: ModelRecord, patch: { intendedUse?: string; limits?: string }): Promise<boolean> {
    return this.#change(`Could not keep the intended use and limits of ${record.name}`, async () => {
      const { withdrawn } = await this.#store.updateGovernance(record.id, patch);
      const what = patch.intendedUse !== undefined ? 'Intended use' : 'Limits';
      return `${what} of ${record.name} kept` + (withdrawn ? `; the sign-off by ${withdrawn.by} is withdrawn, as it approved the earlier text` : '');
    });
  }

  /** Record that `by` approves this model version, now. */
  signOff(record: ModelRecord, by: string): Promise<boolean> {
    return this.#change(`Could not sign off ${record.name}`, async () => {
      const signed = await this.#store.signOffModel(record.id, by);
      return `${record.name} (v${record.version}) signed off by ${signed.governance?.signOff?.by}`;
    });
  }

  /**
   * What a person should know before exporting a model that carries its training rows (k-nearest
   * neighbours keeps them to predict), or null when it carries none.
   */
  trainingRowsWarning(record: ModelRecord): string | null {
    if (!(record.info.holdsTrainingRows ?? keepsTrainingRows(record.info.modelKind, {}))) return null;
    return `${record.name} holds its training rows (${record.info.datasetName}, preprocessed): whoever gets the exported file gets that data. Export it anyway?`;
  }

  promote(record: ModelRecord): Promise<boolean> {
    return this.#change(`Could not promote ${record.name}`, async () => {
      const { promoted, demoted } = await this.#store.promoteModel(record.id);
      return `${promoted.name} (v${promoted.version}) is in production` + (demoted ? `; v${demoted.version} kept to roll back to` : '');
    });
  }

  /** The version that Roll back would put in production for `pipeline` again, if there is one. */
  previousProduction(pipeline: string): ModelRecord | undefined {
    return this.#store.rollbackTarget(this.records, pipeline);
  }

  rollBack(pipeline: string): Promise<boolean> {
    return this.#change(`Could not roll back ${pipeline}`, async () => {
      const { restored, rolledBack } = await this.#store.rollBack(pipeline);
      return `Rolled back ${pipeline}: v${restored.version} is in production again instead of v${rolledBack.version}`;
    });
  }

  async #bytes(record: ModelRecord): Promise<Uint8Array> {
    const bytes = await this.#store.getBundle(record.id);
    if (!bytes) throw new Error('its file is no longer stored');
    return bytes;
  }

  /** Download the model file (.pstudio), with what its owner wrote (intended use, limits, sign-off) in it. */
  async exportModel(record: ModelRecord): Promise<void> {
    this.error = null;
    try {
      const stored = await this.#bytes(record);
      const bytes = hasGovernance(record.governance) ? await this.#engine().withGovernance(stored, record.governance) : stored;
      this.#download(new Blob([bytes.slice()], { type: 'application/zip' }), `${safeFileName(record.name)}${MODEL_FILE_EXTENSION}`);
    } catch (error) {
      this.#failed(`Could not export ${record.name}`, error);
    }
  }

  /** Download the TensorFlow.js model alone (model.json + weights), zipped. */
  async exportTfjs(record: ModelRecord): Promise<void> {
    this.#start();
    try {
      const zip = await withOpenModel(this.#open, record, (api, id) => api.exportTfjsModel(id));
      this.#download(new Blob([zip.slice()], { type: 'application/zip' }), `${safeFileName(record.name)}-tfjs.zip`);
      this.notice = `Exported the TensorFlow.js model of ${record.name}`;
    } catch (error) {
      this.#failed(`Could not export ${record.name} for TensorFlow.js`, error);
    } finally {
      this.busy = false;
    }
  }

  /** Delete a model and its file; the deletion can be undone until the next one. */
  async remove(record: ModelRecord): Promise<void> {
    this.#start();
    try {
      const deleted = await this.#store.deleteModel(record.id);
      if (deleted) this.undo = { deleted, message: `Deleted ${record.name} (v${record.version}, ${formatBytes(record.size)})` };
    } catch (error) {
      this.#failed(`Could not delete ${record.name}`, error);
    } finally {
      this.busy = false;
      await this.refresh();
      await this.refreshStorage();
    }
  }

  async undoDelete(): Promise<void> {
    const undo = this.undo;
    if (!undo) return;
    this.#start();
    try {
      const record = await this.#store.restoreModel(undo.deleted);
      this.undo = null;
      this.notice = `Restored ${record.name}`;
    } catch (error) {
      this.#failed(`Could not restore ${undo.deleted.record.name}`, error);
    } finally {
      this.busy = false;
      await this.refresh();
      await this.refreshStorage();
    }
  }

  dismissUndo(): void {
    this.undo = null;
  }

  toggleCompare(record: ModelRecord, on: boolean): void {
    const ids = this.compareIds.filter((id) => id !== record.id);
    this.compareIds = on ? [...ids, record.id] : ids;
    if (on) void this.loadDetails(record);
  }

  clearCompare(): void {
    this.compareIds = [];
  }

  /** Read a model's pipeline spec from its file, once. */
  async loadDetails(record: ModelRecord): Promise<void> {
    if (this.details.has(record.id)) return;
    try {
      const details = await readBundleDetails(await this.#bytes(record));
      this.details.set(record.id, details);
    } catch {
      // Comparison and lineage show what the record itself knows.
    }
  }
}
