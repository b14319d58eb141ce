/**
 * One AutoML search at a time: its settings (the AutoML node's parameters), the live leaderboard
 * and best score over time, and the result with its winner pipeline. The search runs in the engine
 * worker; this slice only keeps what its events say.
 */
import { rankEntries } from '../core/automl/leaderboard';
import { automlParams } from '../core/automl/settings';
import type { AutomlEvent, AutomlResult, BestPoint, SearchPlan, TrialEntry } from '../core/automl/types';
import type { PipelineSpec } from '../core/pipeline/spec';
import type { Role } from '../core/roles/roles';
import { defaultParams } from '../core/params';
import type { ParamValue } from '../core/values';
import { callback } from '../engine/client';
import type { EngineAccess } from './engine';
import { messageOf } from './errors';

export interface AutomlDeps {
  engine: EngineAccess<'automl' | 'cancelAutoml'>;
  /** The person's choices of column roles for the active dataset: the candidates' preprocessing follows them. */
  roleChoices(): Record<string, Role> | undefined;
}

export class AutomlState {
  /** The search's settings, as the AutoML panel edits them (the AutoML node's parameters). */
  params = $state<Record<string, ParamValue>>(defaultParams(automlParams));
  running = $state(false);
  /** Fraction done, in [0, 1]: of the time budget, or of the planned evaluations. */
  fraction = $state(0);
  message = $state('');
  plan = $state.raw<SearchPlan | null>(null);
  /** Each candidate's row at the highest rung it reached so far (one per candidate). */
  #entries = $state.raw<TrialEntry[]>([]);
  /** The best full-rung score over time. */
  history = $state.raw<BestPoint[]>([]);
  log = $state.raw<string[]>([]);
  /** The last search's result, its winner included; kept when it was cancelled (the best so far). */
  result = $state.raw<AutomlResult | null>(null);
  error = $state<string | null>(null);
  /** performance.now() when the current search started. */
  startedAt = $state(0);

  readonly #engine: AutomlDeps['engine'];
  readonly #roleChoices: AutomlDeps['roleChoices'];
  #searchId = 0;

  constructor({ engine, roleChoices }: AutomlDeps) {
    this.#engine = engine;
    this.#roleChoices = roleChoices;
  }

  /** The leaderboard as it stands: higher rungs first, best first; failed and stopped candidates last. */
  leaderboard: TrialEntry[] = $derived(rankEntries(this.#entries, this.plan?.lowerIsBetter ?? false));

  /** Run the search a pipeline with an AutoML node asks for; null when it failed or was superseded. */
  async search(spec: PipelineSpec): Promise<AutomlResult | null> {
    if (this.running) return null;
    const id = ++this.#searchId;
    this.#clear();
    this.running = true;
    this.message = 'Starting…';
    this.startedAt = performance.now();
    // Events travel on their own channel and may arrive after the result, which already holds
    // their rows and its final progress: late ones change nothing.
    let settled = false;
    const onEvent = (event: AutomlEvent): void => {
      if (id !== this.#searchId || settled) return;
      this.#take(event);
    };
    try {
      const result = await this.#engine()
        .automl(spec, callback(onEvent), this.#roleChoices())
        .finally(() => (settled = true));
      if (id !== this.#searchId) return null;
      this.result = result;
      // The result's leaderboard is the whole story, events that crossed late included.
      this.#entries = result.leaderboard;
      this.history = result.history;
      this.fraction = 1;
      this.message = `${result.stopped === 'cancelled' ? 'Cancelled: kept the best so far' : result.stopped === 'budget' ? 'Time budget spent' : 'Done'} after ${result.trials} candidates in ${result.seconds.toFixed(1)} s`;
      return result;
    } catch (error) {
      if (id !== this.#searchId) return null;
      this.error = messageOf(error);
      this.message = 'Failed';
      return null;
    } finally {
      if (id === this.#searchId) this.running = false;
    }
  }

  #take(event: AutomlEvent): void {
    switch (event.type) {
      case 'plan':
        this.plan = event.plan;
        break;
      case 'trial':
        this.#entries = [...this.#entries.filter((e) => e.index !== event.entry.index), event.entry];
        break;
      case 'best':
        this.history = [...this.history, event.point];
        break;
      case 'progress':
        this.fraction = Math.max(0, Math.min(1, event.fraction));
        this.message = event.message;
        break;
      case 'log':
        this.log = [...this.log.slice(-199), event.message];
        break;
    }
  }

  /** Stop the search; it ends with the best candidate so far. */
  cancel(): void {
    if (this.running) void this.#engine().cancelAutoml();
  }

  /** Forget the last search (a new dataset or target makes it stale). */
  reset(): void {
    if (this.running) this.cancel();
    this.#searchId++;
    this.#clear();
  }

  #clear(): void {
    this.running = false;
    this.fraction = 0;
    this.message = '';
    this.plan = null;
    this.#entries = [];
    this.history = [];
    this.log = [];
    this.result = null;
    this.error = null;
  }
}
