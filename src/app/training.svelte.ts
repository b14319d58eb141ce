/** One run at a time: its live progress, loss curve, chosen backend, and the summary it ends with. */
import type { FittedStateLine } from '../core/pipeline/fitted-state';
import type { PipelineSpec } from '../core/pipeline/spec';
import { epochMessage, type NodeLog } from '../core/pipeline/events';
import type { BackendChoice } from '../engine/protocol';
import type { RunEvent, RunSummary } from '../core/pipeline/events';
import { callback } from '../engine/client';
import type { EngineAccess } from './engine';
import { isCancellation, messageOf } from './errors';

type EpochEvent = Extract<RunEvent, { type: 'epoch' }>;

/** Epochs can arrive hundreds of times a second; the page redraws their figures and curves at most this often. */
const EPOCH_REDRAW_MS = 100;

export interface LossPoint {
  /** 1-based. */
  epoch: number;
  loss: number;
  valLoss?: number;
  /** The model node that trained (a pipeline may train several). */
  node?: string;
}

export interface TrainingDeps {
  engine: EngineAccess<'run' | 'cancelRun' | 'pauseRun' | 'resumeRun' | 'fittedStep'>;
}

export class TrainingState {
  backend = $state<BackendChoice>('auto');
  running = $state(false);
  /** Fraction done, in [0, 1]. */
  fraction = $state(0);
  message = $state('');
  backendUsed = $state<string | null>(null);
  /** Milliseconds per training step of each backend the automatic choice timed. */
  backendTimings = $state.raw<Record<string, number> | null>(null);
  /** Live figures from the latest epoch. */
  speed = $state.raw<{ samplesPerSecond: number; numTensors?: number; numBytes?: number; elapsed: number } | null>(null);
  /** performance.now() when the current run started. */
  startedAt = $state(0);
  losses = $state.raw<LossPoint[]>([]);
  /**
   * The latest epoch. Like the progress line, the curves and the speed figures, it changes at most
   * every EPOCH_REDRAW_MS: a forest reports hundreds of trees a second, and every change redraws the
   * canvas's nodes as well as the Train panel.
   */
  lastEpoch = $state.raw<Pick<EpochEvent, 'epoch' | 'loss' | 'valLoss' | 'unit'> | null>(null);
  epochs = $state(0);
  log = $state.raw<string[]>([]);
  /** Every model node's summary of the last run, in the pipeline's order. */
  summaries = $state.raw<RunSummary[]>([]);
  /** The first model's summary (what a one-model pipeline shows). */
  summary = $state.raw<RunSummary | null>(null);
  /** What each node did in the last run, in the order the nodes ran (the Run log). */
  nodeLogs = $state.raw<NodeLog[]>([]);
  /** The pipeline the last run ran (the node states on the canvas compare the open one with it). */
  spec = $state.raw<PipelineSpec | null>(null);
  /** Each model node's loss curve in the last run. */
  lossesByNode = $state.raw<Record<string, LossPoint[]>>({});
  /** Saved model ids of the last run, by model node. */
  savedIds = $state.raw<Record<string, string>>({});
  error = $state<string | null>(null);
  /** Set when the last run was cancelled. */
  cancelled = $state(false);
  /** The id of the saved model made from the current summary, once saved. */
  savedId = $state<string | null>(null);

  readonly #engine: TrainingDeps['engine'];
  #runId = 0;
  /** Epochs received since the page last drew them. */
  #pendingEpochs: { event: EpochEvent; elapsed: number; live: boolean }[] = [];
  /** The latest progress received since the page last drew it. */
  #pendingProgress: { fraction: number; message: string } | undefined;
  #epochFlush: ReturnType<typeof setTimeout> | undefined;

  constructor({ engine }: TrainingDeps) {
    this.#engine = engine;
  }

  #scheduleDraw(): void {
    this.#epochFlush ??= setTimeout(() => this.#drawPending(), EPOCH_REDRAW_MS);
  }

  /** Show the progress and epochs received so far: one redraw for a burst of fast events. */
  #drawPending(): void {
    clearTimeout(this.#epochFlush);
    this.#epochFlush = undefined;
    const progress = this.#pendingProgress;
    this.#pendingProgress = undefined;
    if (progress) {
      this.fraction = progress.fraction;
      this.message = progress.message;
    }
    const pending = this.#pendingEpochs;
    if (pending.length === 0) return;
    this.#pendingEpochs = [];
    const { event: last, elapsed, live } = pending[pending.length - 1];
    this.lastEpoch = { epoch: last.epoch, loss: last.loss, valLoss: last.valLoss, unit: last.unit };
    this.epochs = last.epochs;
    // The progress line names the epoch the counter shows, even where the epoch's progress event has not come yet.
    if (live) this.message = epochMessage(last.node, last.epoch, last.epochs, last.unit);
    this.speed = { samplesPerSecond: last.samplesPerSecond, numTensors: last.numTensors, numBytes: last.numBytes, elapsed };
    // Iterations without a loss (a forest's trees) move the progress, not the curves.
    const withLoss = pending.flatMap(({ event: e }) => (e.loss === undefined ? [] : [{ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss, node: e.node }]));
    this.losses = [...this.losses, ...withLoss.map(({ epoch, loss, valLoss }) => ({ epoch, loss, valLoss }))];
    const byNode = { ...this.lossesByNode };
    for (const point of withLoss) byNode[point.node] = [...(byNode[point.node] ?? []), point];
    this.lossesByNode = byNode;
  }

  async run(spec: PipelineSpec): Promise<RunSummary | null> {
    if (this.running) return null;
    const id = ++this.#runId;
    this.#clear();
    this.spec = spec;
    this.running = true;
    this.message = 'Starting…';
    this.startedAt = performance.now();
    // Events travel on their own channel and may arrive after the run's result: keep their epochs
    // and logs, but not their progress, which the result has already completed.
    let settled = false;
    const onEvent = (event: RunEvent): void => {
      if (id !== this.#runId) return;
      switch (event.type) {
        case 'progress':
          if (settled) break;
          this.#pendingProgress = { fraction: Math.max(0, Math.min(1, event.fraction)), message: event.message };
          this.#scheduleDraw();
          break;
        case 'epoch':
          this.#pendingEpochs.push({ event, elapsed: (performance.now() - this.startedAt) / 1000, live: !settled });
          this.#scheduleDraw();
          break;
        case 'node':
          this.nodeLogs = [...this.nodeLogs.filter((n) => n.id !== event.log.id), event.log];
          break;
        case 'backend':
          if (settled) break;
          this.backendUsed = event.backend;
          if (event.msPerStep) this.backendTimings = event.msPerStep;
          break;
        case 'log':
          this.log = [...this.log.slice(-199), event.message];
          break;
      }
    };
    try {
      const summaries = await this.#engine()
        .run($state.snapshot(spec) as PipelineSpec, this.backend, callback(onEvent))
        .finally(() => {
          settled = true;
          this.#drawPending();
        });
      if (id !== this.#runId) return null;
      const [summary] = summaries;
      this.summaries = summaries;
      this.summary = summary;
      this.backendUsed = summary.backend;
      this.fraction = 1;
      this.message = `Finished in ${summary.seconds.toFixed(1)} s`;
      return summary;
    } catch (error) {
      if (id !== this.#runId) return null;
      if (isCancellation(error)) {
        this.cancelled = true;
        this.message = 'Cancelled';
      } else {
        this.error = messageOf(error);
        this.message = 'Failed';
      }
      return null;
    } finally {
      if (id === this.#runId) this.running = false;
    }
  }

  /** The run that pause() held; a later run is never paused. */
  #pausedRun = $state(-1);

  /** Whether the current run is held between epochs (Pause); Cancel still cancels it. */
  get paused(): boolean {
    return this.running && this.#pausedRun === this.#runId;
  }

  pause(): void {
    if (!this.running || this.paused) return;
    this.#pausedRun = this.#runId;
    void this.#engine().pauseRun();
  }

  resume(): void {
    if (!this.paused) return;
    this.#pausedRun = -1;
    void this.#engine().resumeRun();
  }

  cancel(): void {
    if (this.running) void this.#engine().cancelRun();
  }

  /** What a step learned from the training rows in the last run, as readable lines; null when that run has no such step (or there was no run). */
  async fittedStep(node: string): Promise<FittedStateLine[] | null> {
    if (this.summaries.length === 0) return null;
    return this.#engine().fittedStep(node);
  }

  /** Forget the last run (a new dataset or target makes it stale). */
  reset(): void {
    if (this.running) this.cancel();
    this.#runId++;
    this.#clear();
  }

  /** Everything a run shows, back to nothing. */
  #clear(): void {
    clearTimeout(this.#epochFlush);
    this.#epochFlush = undefined;
    this.#pendingEpochs = [];
    this.#pendingProgress = undefined;
    this.running = false;
    this.fraction = 0;
    this.message = '';
    this.backendUsed = null;
    this.backendTimings = null;
    this.speed = null;
    this.losses = [];
    this.lastEpoch = null;
    this.epochs = 0;
    this.log = [];
    this.summary = null;
    this.summaries = [];
    this.nodeLogs = [];
    this.spec = null;
    this.lossesByNode = {};
    this.savedIds = {};
    this.error = null;
    this.cancelled = false;
    this.savedId = null;
  }

  /** Note that a model node's result was saved as a model. */
  markSaved(node: string, id: string): void {
    this.savedIds = { ...this.savedIds, [node]: id };
    if (node === this.summary?.node) this.savedId = id;
  }
}
