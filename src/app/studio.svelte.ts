/**
 * The studio's state and commands. Components read these fields and call these methods; all work
 * happens in the engine worker or IndexedDB.
 */
import { DataState } from './data.svelte';
import { disposeEngine } from './engine';
import { fileRole } from './files';
import { ModelsState } from './models.svelte';
import { PipelineState } from './pipeline.svelte';
import { PredictState } from './predict.svelte';
import type { SampleInfo } from './samples';
import { ThemeState } from './theme.svelte';
import { TrainingState } from './training.svelte';

export class Studio {
  readonly data = new DataState();
  readonly pipeline = new PipelineState();
  readonly training = new TrainingState();
  readonly models = new ModelsState();
  readonly theme = new ThemeState();
  readonly predict = new PredictState(this.models, this.data);

  constructor() {
    this.models.onChange = () => this.predict.modelsChanged();
  }

  /** Why Run is not possible now, or null when it is. */
  runBlocker: string | null = $derived.by(() => {
    if (!this.data.summary) return 'Load a dataset first';
    if (this.data.loading !== null) return 'Wait for the dataset to load';
    if (!this.pipeline.spec) return this.pipeline.busy ? 'Preparing the pipeline…' : 'Pick a target column';
    if (this.pipeline.busy) return 'Preparing the pipeline…';
    if (this.training.running) return 'A run is in progress';
    return null;
  });

  async init(): Promise<void> {
    await Promise.all([this.data.init(), this.models.init()]);
  }

  async loadSample(sample: SampleInfo): Promise<void> {
    const summary = await this.data.loadSample(sample);
    if (summary) await this.#datasetChanged();
  }

  async loadFile(file: File): Promise<void> {
    const summary = await this.data.load(file, file.name);
    if (summary) await this.#datasetChanged();
  }

  async #datasetChanged(): Promise<void> {
    this.training.reset();
    this.predict.trainingChanged();
    await this.setTarget(this.data.target);
  }

  async setTarget(target: string): Promise<void> {
    this.data.target = target;
    this.training.reset();
    if (target) await this.pipeline.propose(target);
    else this.pipeline.clear();
  }

  async setModelKind(kind: string): Promise<void> {
    this.training.reset();
    await this.pipeline.setModel(kind);
  }

  async run(): Promise<void> {
    const spec = this.pipeline.spec;
    if (this.runBlocker !== null || !spec) return;
    await this.training.run(spec);
  }

  cancelRun(): void {
    this.training.cancel();
  }

  async saveModel(): Promise<void> {
    if (!this.training.summary || this.training.running) return;
    const record = await this.models.saveLastRun();
    if (record) this.training.savedId = record.id;
  }

  /** Pick a saved model in the Predict panel. */
  useForPrediction(id: string): void {
    this.predict.selectModel(id);
  }

  /** Files dropped on the page or picked: model files are imported, the first CSV is loaded. */
  async openFiles(files: Iterable<File>): Promise<void> {
    let csv: File | undefined;
    for (const file of files) {
      if (fileRole(file) === 'model') await this.models.importFile(file);
      else csv ??= file;
    }
    if (csv) await this.loadFile(csv);
  }

  /** Files dropped on the Predict panel or picked there: the first CSV is loaded for scoring, model files imported. */
  async openScoringFiles(files: Iterable<File>): Promise<void> {
    let csv: File | undefined;
    for (const file of files) {
      if (fileRole(file) === 'model') await this.models.importFile(file);
      else csv ??= file;
    }
    if (csv) await this.predict.loadScoringFile(csv);
  }

  dispose(): void {
    this.training.reset();
    this.predict.dispose();
    disposeEngine();
  }
}

export const studio = new Studio();
