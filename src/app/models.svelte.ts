/** Saved models (IndexedDB), their export and import, and predictions with one of them. */
import type { PredictionResult } from '../engine/protocol';
import { deleteModel, listModels, saveModel, type SavedModel } from '../store/models';
import { engineApi } from './engine';
import { messageOf } from './errors';
import { baseName, downloadBlob, safeFileName } from './files';

export const MODEL_FILE_EXTENSION = '.pstudio';

export interface Predictions {
  model: SavedModel;
  datasetName: string;
  result: PredictionResult;
  /** Object URL of result.csv; released when these predictions are replaced. */
  url: string;
  fileName: string;
}

export class ModelsState {
  saved = $state.raw<SavedModel[]>([]);
  /** False until the list has been read from IndexedDB once. */
  ready = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  predicting = $state<string | null>(null);
  predictions = $state.raw<Predictions | null>(null);
  predictError = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      this.saved = await listModels();
    } catch (error) {
      this.error = `Could not read the saved models: ${messageOf(error)}`;
    } finally {
      this.ready = true;
    }
  }

  /** Save the last run's fitted pipeline. Returns the stored record, or null on failure. */
  async saveLastRun(): Promise<SavedModel | null> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const api = engineApi();
      const bundle = await api.exportLastRun();
      const info = await api.inspectModel(bundle);
      const record = await saveModel(info, bundle);
      await this.refresh();
      this.notice = `Saved ${info.name}`;
      return record;
    } catch (error) {
      this.error = `Could not save the model: ${messageOf(error)}`;
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Validate a model file in the engine, then store it. Nothing is stored when it is not valid. */
  async importFile(file: File): Promise<SavedModel | null> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const bundle = new Uint8Array(await file.arrayBuffer());
      if (bundle.byteLength === 0) throw new Error('the file is empty');
      const info = await engineApi().inspectModel(bundle);
      const record = await saveModel(info, bundle);
      await this.refresh();
      this.notice = `Imported ${info.name} from ${file.name}`;
      return record;
    } catch (error) {
      this.error = `Could not import ${file.name}: ${messageOf(error)}`;
      return null;
    } finally {
      this.busy = false;
    }
  }

  exportModel(model: SavedModel): void {
    const blob = new Blob([model.bundle.slice()], { type: 'application/zip' });
    downloadBlob(blob, `${safeFileName(model.info.name)}${MODEL_FILE_EXTENSION}`);
  }

  async remove(model: SavedModel): Promise<void> {
    this.error = null;
    this.notice = null;
    try {
      await deleteModel(model.id);
      if (this.predictions?.model.id === model.id) this.clearPredictions();
      await this.refresh();
      this.notice = `Deleted ${model.info.name}`;
    } catch (error) {
      this.error = `Could not delete ${model.info.name}: ${messageOf(error)}`;
    }
  }

  /** Score the engine's current dataset with a saved model. */
  async predict(model: SavedModel, datasetName: string): Promise<void> {
    this.predicting = model.id;
    this.predictError = null;
    try {
      const result = await engineApi().predict(model.bundle);
      this.clearPredictions();
      const fileName = `${safeFileName(baseName(datasetName))}-predictions.csv`;
      this.predictions = { model, datasetName, result, url: URL.createObjectURL(result.csv), fileName };
    } catch (error) {
      this.predictError = `Could not predict with ${model.info.name}: ${messageOf(error)}`;
    } finally {
      this.predicting = null;
    }
  }

  clearPredictions(): void {
    if (this.predictions) URL.revokeObjectURL(this.predictions.url);
    this.predictions = null;
    this.predictError = null;
  }
}
