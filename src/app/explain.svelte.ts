/**
 * Explanations the Results panel asks the engine for: partial dependence and ICE of one column for a
 * model node of the last run, with progress and cancel. (Permutation importance comes with the run.)
 */
import type { PartialDependence } from '../core/explain/types';
import type { RunSummary } from '../core/pipeline/events';
import { callback } from '../engine/client';
import type { ExplainProgress } from '../engine/protocol';
import type { EngineAccess } from './engine';
import { isCancellation, messageOf } from './errors';

export interface ExplainDeps {
  engine: EngineAccess<'partialDependence' | 'cancelExplain'>;
}

export class ExplainState {
  readonly #engine: ExplainDeps['engine'];
  /** What is shown: for which model (a run's summary: a later run's is another object) and column. */
  summary = $state.raw<RunSummary | null>(null);
  column = $state<string | null>(null);
  result = $state.raw<PartialDependence | null>(null);
  running = $state(false);
  progress = $state.raw<ExplainProgress | null>(null);
  error = $state<string | null>(null);
  #id = 0;

  constructor({ engine }: ExplainDeps) {
    this.#engine = engine;
  }

  /** Partial dependence of `column` for a model node of the last run (on the loaded dataset's rows). */
  async partialDependence(summary: RunSummary, column: string): Promise<void> {
    const id = ++this.#id;
    this.summary = summary;
    this.column = column;
    this.running = true;
    this.error = null;
    this.progress = null;
    try {
      const onProgress = (p: ExplainProgress) => {
        if (id === this.#id) this.progress = p;
      };
      const result = await this.#engine().partialDependence(summary.node, column, callback(onProgress));
      if (id === this.#id) this.result = result;
    } catch (error) {
      if (id === this.#id) this.error = isCancellation(error) ? null : `Could not compute the partial dependence of ${column}: ${messageOf(error)}`;
    } finally {
      if (id === this.#id) this.running = false;
    }
  }

  cancel(): void {
    if (this.running) void this.#engine().cancelExplain();
  }
}
