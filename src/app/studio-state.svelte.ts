/**
 * The studio's state and commands: the slices (data, pipeline, training, models, predict, versions,
 * runs, profile, theme) and what they do together. Components read these fields and call these
 * methods; all work happens in the engine worker or IndexedDB, both handed in as `AppDeps` (the page's
 * are in studio.svelte.ts; tests hand in a fake engine and the real store on fake-indexeddb).
 */
import { searchPipeline } from '../core/automl/pipelines';
import { AUTOML_KIND, automlProblems } from '../core/automl/settings';
import type { PipelineSpec } from '../core/pipeline/spec';
import { AutomlState } from './automl.svelte';
import type * as pipelineStore from '../store/pipelines';
import { DataState, type DatasetStore, type SampleSource } from './data.svelte';
import type { EngineConnection } from './engine';
import { messageOf } from './errors';
import { fileRole } from './files';
import { isPipelineFile, parsePipelineText, pipelineFileName, serializePipelineText, templatePipeline } from './pipeline-files';
import { RunsState, type RunStore } from './runs.svelte';
import { VersionsState } from './versions.svelte';
import { ModelsState, type ModelStore, type StorageAccess } from './models.svelte';
import { namedDatasets, PipelineState } from './pipeline.svelte';
import { PredictState } from './predict.svelte';
import { ExplainState } from './explain.svelte';
import { ProfileState } from './profile.svelte';
import { ThemeState, type SystemDark } from './theme.svelte';
import { TrainingState } from './training.svelte';
import { WorkbenchState } from './workbench.svelte';

/** Pipelines in IndexedDB (store/pipelines): the autosaved open one and the numbered versions. */
export type PipelineStore = Pick<typeof pipelineStore, 'loadOpenPipeline' | 'saveOpenPipeline' | 'addPipelineVersion' | 'listPipelineVersions'>;

/** Everything the studio works with outside itself. */
export interface AppDeps {
  engine: EngineConnection;
  datasets: DatasetStore;
  models: ModelStore;
  pipelines: PipelineStore;
  runs: RunStore;
  storage: StorageAccess;
  samples: SampleSource;
  /** Offer a file to the person (a download on the page). */
  download(blob: Blob, fileName: string): void;
  systemDark: SystemDark;
}

/** How long the open pipeline stays unchanged before it is autosaved. */
const AUTOSAVE_DELAY_MS = 250;

export class Studio {
  readonly data: DataState;
  readonly pipeline: PipelineState;
  readonly training: TrainingState;
  readonly models: ModelsState;
  readonly theme: ThemeState;
  readonly predict: PredictState;
  readonly versions: VersionsState;
  readonly runs: RunsState;
  readonly profile: ProfileState;
  readonly automl: AutomlState;
  readonly explain: ExplainState;
  readonly workbench = new WorkbenchState();
  readonly #deps: AppDeps;

  /** Set while a run is being prepared (its version snapshot), before training starts. */
  starting = $state(false);
  /** Set while the last session's dataset comes back: it does not take the drawer from a view the person opened meanwhile. */
  #restoring = false;
  /** Keep the open pipeline when the next dataset loads (it was restored or opened before any data). */
  #keepSpec = false;
  #stopAutosave: (() => void) | undefined;
  /** The open pipeline's name: its version history follows it (and only changes of it). */
  #pipelineName: string | undefined = $derived.by(() => this.pipeline.spec?.name);

  constructor(deps: AppDeps) {
    this.#deps = deps;
    const engine = deps.engine.api;
    this.data = new DataState({ engine, store: deps.datasets, samples: deps.samples, activated: (reread) => this.#datasetChanged(reread), rolesChanged: () => this.#rolesChanged() });
    this.pipeline = new PipelineState({ engine, datasets: this.data, roleChoices: () => this.data.active?.overrides.roles });
    this.training = new TrainingState({ engine });
    this.models = new ModelsState({ engine, store: deps.models, storage: deps.storage, download: deps.download, changed: () => this.predict.modelsChanged() });
    this.predict = new PredictState({ engine, getBundle: deps.models.getBundle, models: this.models, data: this.data });
    this.versions = new VersionsState({ store: deps.pipelines });
    this.runs = new RunsState({ store: deps.runs });
    this.profile = new ProfileState({ engine });
    this.automl = new AutomlState({ engine, roleChoices: () => this.data.active?.overrides.roles });
    this.explain = new ExplainState({ engine });
    this.theme = new ThemeState(deps.systemDark);
  }

  /** Why Run is not possible now, or null when it is. */
  runBlocker: string | null = $derived.by(() => {
    if (!this.data.summary) return 'Load a dataset first';
    if (this.data.loading !== null) return 'Wait for the dataset to load';
    if (!this.pipeline.spec) return this.pipeline.busy ? 'Preparing the pipeline…' : 'Pick a target column';
    if (this.pipeline.busy) return 'Preparing the pipeline…';
    if (this.training.running || this.starting) return 'A run is in progress';
    if (this.automl.running) return 'An AutoML search is in progress';
    const problems = this.pipeline.problems;
    if (problems.length) return `Fix the pipeline first (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}`;
    return null;
  });

  /** Why "Find the best model" is not possible now, or null when it is. */
  automlBlocker: string | null = $derived.by(() => {
    if (!this.data.summary) return 'Load a dataset first';
    if (this.data.loading !== null) return 'Wait for the dataset to load';
    if (!this.pipeline.spec) return 'Pick a target column';
    if (this.training.running || this.starting) return 'A run is in progress';
    if (this.automl.running) return 'A search is in progress';
    const problems = automlProblems(this.automl.params, this.pipeline.spec.task);
    return problems.length ? `Fix the settings first: ${problems.join('; ')}` : null;
  });

  async init(): Promise<void> {
    await Promise.all([this.data.init(), this.models.init(), this.#restorePipeline(), this.runs.refresh()]);
    this.#startAutosave();
    // After the pipeline is back, so that it stays when the restored dataset has its target.
    this.#restoring = true;
    try {
      await this.data.restore();
    } finally {
      this.#restoring = false;
    }
  }

  /** Put the autosaved pipeline back in place (a reload, a crash). */
  async #restorePipeline(): Promise<void> {
    try {
      const saved = await this.#deps.pipelines.loadOpenPipeline();
      if (!saved || this.pipeline.spec) return;
      this.pipeline.replace(saved.spec, 'Restore the autosaved pipeline');
      this.#keepSpec = !this.data.summary;
      this.versions.notice = saved.datasetName
        ? `Restored the pipeline "${saved.spec.name}" (built on ${saved.datasetName}).`
        : `Restored the pipeline "${saved.spec.name}".`;
    } catch (error) {
      this.versions.error = `Could not restore the autosaved pipeline: ${messageOf(error)}`;
    }
  }

  /** Write the open pipeline to IndexedDB shortly after every change; follow its versions. */
  #startAutosave(): void {
    this.#stopAutosave?.();
    this.#stopAutosave = $effect.root(() => {
      $effect(() => {
        const spec = this.pipeline.spec;
        const datasetName = this.data.summary?.name ?? null;
        if (!spec) return;
        const snapshot = $state.snapshot(spec) as PipelineSpec;
        const timer = setTimeout(() => {
          this.#deps.pipelines.saveOpenPipeline(snapshot, datasetName).catch((error: unknown) => {
            this.versions.error = `Could not autosave the pipeline: ${messageOf(error)}`;
          });
        }, AUTOSAVE_DELAY_MS);
        return () => clearTimeout(timer);
      });
      $effect(() => {
        void this.versions.refresh(this.#pipelineName);
      });
    });
  }

  /** `reread`: the same dataset read again with other overrides; its pipeline stays when it can. */
  async #datasetChanged(reread = false): Promise<void> {
    if (!this.#restoring) this.workbench.show('data');
    this.training.reset();
    this.automl.reset();
    this.predict.trainingChanged();
    const spec = this.pipeline.spec;
    const keep = (reread || this.#keepSpec) && spec !== null && this.#hasColumn(spec.target);
    this.#keepSpec = false;
    if (keep && spec) {
      // A pipeline restored or opened before the data came: it stays, with its target.
      this.data.target = spec.target;
      this.pipeline.refreshSchemas();
      await this.data.refreshRoles();
      return;
    }
    await this.setTarget(this.data.target);
  }

  #hasColumn(name: string): boolean {
    return this.data.summary?.columns.some((c) => c.name === name) ?? false;
  }

  /** Put a whole pipeline in place (a file, a template, a version); the last run's results go. */
  #usePipeline(spec: PipelineSpec, label: string): void {
    this.training.reset();
    this.predict.trainingChanged();
    this.pipeline.replace(spec, label);
    if (this.#hasColumn(spec.target)) this.data.target = spec.target;
    this.#keepSpec = !this.data.summary;
  }

  /** Open a .pipeline.json file: validated whole first; a refused file leaves the open pipeline as it was. */
  async openPipelineFile(file: File): Promise<boolean> {
    this.versions.error = null;
    this.versions.notice = null;
    let spec: PipelineSpec;
    try {
      spec = parsePipelineText(await file.text());
    } catch (error) {
      this.versions.error = `Could not open ${file.name}: ${messageOf(error)}`;
      return false;
    }
    this.#usePipeline(spec, `Open ${file.name}`);
    this.versions.notice = `Opened ${file.name}.`;
    return true;
  }

  /** Download the open pipeline as a .pipeline.json file. */
  savePipelineFile(): void {
    const spec = this.pipeline.spec;
    if (!spec) return;
    const text = serializePipelineText($state.snapshot(spec) as PipelineSpec);
    this.#deps.download(new Blob([text], { type: 'application/json' }), pipelineFileName(spec));
  }

  /** Start from a template, for the current target. */
  async newFromTemplate(id: string): Promise<void> {
    this.versions.error = null;
    this.versions.notice = null;
    const target = this.data.target || this.pipeline.spec?.target;
    const task = this.pipeline.spec?.task;
    if (!target || !task) {
      this.versions.error = 'Load a dataset and pick a target column first';
      return;
    }
    try {
      const spec = await templatePipeline(id, target, task);
      this.#usePipeline(spec, `New from template ${id}`);
      this.versions.notice = `Started "${spec.name}" from a template.`;
    } catch (error) {
      this.versions.error = messageOf(error);
    }
  }

  /** Put a stored version back in place as the open pipeline. */
  restoreVersion(id: string): void {
    const version = this.versions.find(id);
    if (!version) return;
    this.#usePipeline(structuredClone(version.spec), `Restore version ${version.version}`);
    this.versions.comparing = null;
    this.versions.notice = `Restored version ${version.version} of "${version.pipelineName}".`;
  }

  async setTarget(target: string): Promise<void> {
    this.data.target = target;
    void this.data.recordTarget(target);
    this.training.reset();
    this.automl.reset();
    if (target) await Promise.all([this.pipeline.propose(target), this.data.refreshRoles()]);
    else {
      this.pipeline.clear();
      await this.data.refreshRoles();
    }
  }

  /** The answer to "What do you want to predict?": the pipeline is proposed afresh only when the column changed. */
  async answerTarget(target: string): Promise<void> {
    this.data.askTarget = false;
    if (target !== this.data.target) await this.setTarget(target);
  }

  /** A role chosen for a column: the default pipeline is proposed again, for the same target and model kind. */
  async #rolesChanged(): Promise<void> {
    const target = this.data.target;
    if (!target) return;
    this.training.reset();
    this.automl.reset();
    const kind = this.pipeline.modelNode?.kind;
    await Promise.all([this.pipeline.propose(target, kind && this.pipeline.modelOptions.some((k) => k.kind === kind) ? kind : undefined), this.data.refreshRoles()]);
  }

  async setModelKind(kind: string): Promise<void> {
    this.training.reset();
    await this.pipeline.setModel(kind);
  }

  /**
   * Snapshot the pipeline as a version, train it, and store each model's run. A pipeline with an
   * AutoML node runs its search instead (the AutoML panel shows it); the winner is opened by hand.
   */
  async run(): Promise<void> {
    const spec = this.pipeline.spec;
    if (this.runBlocker !== null || !spec) return;
    const snapshot = $state.snapshot(spec) as PipelineSpec;
    const searches = snapshot.nodes.some((n) => n.kind === AUTOML_KIND);
    this.workbench.show(searches ? 'automl' : 'results');
    this.starting = true;
    let version;
    try {
      version = await this.versions.snapshot(snapshot);
    } finally {
      this.starting = false;
    }
    // A dataset a source names that cannot be parsed again fails the run with the engine's message.
    await this.data.ensureLoaded(namedDatasets(snapshot)).catch(() => {});
    if (searches) {
      await this.automl.search(snapshot);
      return;
    }
    const summary = await this.training.run(snapshot);
    if (summary) {
      // The run's own record of its data: with several datasets combined, not just the active one.
      await this.runs.record(snapshot, version?.version ?? 0, this.training.summaries, this.training.lossesByNode, { name: summary.dataset.name, hash: summary.dataset.sha256 });
    }
  }

  cancelRun(): void {
    this.training.cancel();
  }

  /** Search for the best model on the open pipeline's data with the AutoML panel's settings; the open pipeline stays as it is. */
  async findBestModel(): Promise<void> {
    const spec = this.pipeline.spec;
    if (this.automlBlocker !== null || !spec) return;
    const search = searchPipeline($state.snapshot(spec) as PipelineSpec, spec.target, spec.task, $state.snapshot(this.automl.params));
    this.workbench.show('automl');
    await this.data.ensureLoaded(namedDatasets(search)).catch(() => {});
    await this.automl.search(search);
  }

  /** Open the last search's winner as the current pipeline: editable, and versioned when it runs. */
  openAutomlWinner(): void {
    const result = this.automl.result;
    if (!result) return;
    this.#usePipeline(structuredClone(result.winner), 'Open the AutoML winner');
    this.versions.notice = `Opened the AutoML winner (${result.best.kind}) as "${result.winner.name}": run it to fit it on all the training rows and score the test rows.`;
  }

  /** Save the last run's model of a model node (the first model when none is named). */
  async saveModel(node?: string): Promise<void> {
    const target = node ?? this.training.summary?.node;
    if (!target || this.training.running) return;
    const record = await this.models.saveLastRun(node);
    if (record) this.training.markSaved(target, record.id);
  }

  /** Pick a saved model in the Predict panel. */
  useForPrediction(id: string): void {
    this.predict.selectModel(id);
    this.workbench.show('predict');
  }

  /** Files dropped on the page or picked: model files are imported, every CSV becomes a dataset. */
  async openFiles(files: Iterable<File>): Promise<void> {
    const csvs: File[] = [];
    let pipeline: File | undefined;
    for (const file of files) {
      if (isPipelineFile(file)) pipeline ??= file;
      else if (fileRole(file) === 'model') {
        this.workbench.show('models');
        await this.models.importFile(file);
      } else csvs.push(file);
    }
    if (csvs.length) await this.data.addFiles(csvs);
    // After the data, so that the dataset's proposal does not replace the opened pipeline.
    if (pipeline) await this.openPipelineFile(pipeline);
  }

  /** Files dropped on the Predict panel or picked there: the first CSV is loaded for scoring, model files imported. */
  async openScoringFiles(files: Iterable<File>): Promise<void> {
    let csv: File | undefined;
    for (const file of files) {
      if (isPipelineFile(file)) await this.openPipelineFile(file);
      else if (fileRole(file) === 'model') await this.models.importFile(file);
      else csv ??= file;
    }
    if (csv) await this.predict.loadScoringFile(csv);
  }

  dispose(): void {
    this.#stopAutosave?.();
    this.#stopAutosave = undefined;
    this.training.reset();
    this.automl.reset();
    this.predict.dispose();
    this.#deps.engine.dispose();
  }
}
