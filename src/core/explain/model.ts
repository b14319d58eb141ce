/**
 * A fitted pipeline as explanations use it: source rows in, the model's features and its outputs
 * out, with the model loaded once. Outputs are on the scale a person reads: class probabilities, or
 * values in the target's units.
 */
import { range } from '../arrays';
import type { ModelDescriptor, ModelImplementation, Scorer } from '../models/contract';
import type { FeatureColumns } from '../models/data';
import { requireModelKind } from '../models/kinds';
import { featureColumns } from '../pipeline/features';
import type { FittedPipeline } from '../pipeline/fitted';
import { applySteps } from '../pipeline/transform';
import { conformToSchema } from '../table/conform';
import type { Table } from '../table/table';

export interface Explainable {
  readonly fitted: FittedPipeline;
  readonly kind: ModelDescriptor;
  readonly implementation: ModelImplementation;
  /** The outputs' names: the classes, or the target. */
  readonly outputs: string[];
  /** Rows with the input columns → the model's features, and which input rows they are (a row filter may leave some out). */
  prepare(table: Table): { x: FeatureColumns; rowIds: Int32Array };
  /** The model's outputs for feature rows: rows × outputs, row-major, on the readable scale. */
  score(x: FeatureColumns): Promise<Float64Array>;
  /** The input columns conformed to the model's schema (kinds converted), ready to mix with other rows. */
  conform(table: Table): Table;
  dispose(): void;
}

export async function loadExplainable(fitted: FittedPipeline): Promise<Explainable> {
  const kind = requireModelKind(fitted.model.kind);
  const implementation = await kind.implementation();
  let scorer: Scorer | undefined = await implementation.load(fitted.model.artifacts, fitted.model);
  const features = fitted.model.features.map((name) => ({ name, categories: fitted.model.categories?.[name] }));
  const outputs = fitted.model.classes ? [...fitted.model.classes] : [fitted.spec.target];
  const { mean, std } = fitted.model.targetScale ?? { mean: 0, std: 1 };
  const conform = (table: Table): Table => conformToSchema(table, fitted.inputSchema);
  return {
    fitted,
    kind,
    implementation,
    outputs,
    conform,
    prepare(table) {
      const prepared = applySteps({ ...conform(table), rowIds: range(table.rowCount) }, fitted.steps);
      return { x: featureColumns(prepared, features, range(prepared.rowCount), kind.accepts), rowIds: prepared.rowIds as Int32Array };
    },
    async score(x) {
      if (!scorer) throw new Error('This model was released');
      if (x.rows === 0) return new Float64Array(0);
      const scores = Float64Array.from(await scorer.score(x));
      return fitted.model.classes ? scores : scores.map((v) => v * std + mean);
    },
    dispose() {
      scorer?.dispose();
      scorer = undefined;
    },
  };
}

/** `work` with the model loaded, released afterwards whatever happens. */
export async function withExplainable<T>(fitted: FittedPipeline, work: (model: Explainable) => Promise<T>): Promise<T> {
  const model = await loadExplainable(fitted);
  try {
    return await work(model);
  } finally {
    model.dispose();
  }
}

/** One event-loop turn: lets progress out and a cancel in between pieces of long work. */
export async function yieldTurn(signal?: AbortSignal): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  signal?.throwIfAborted();
}

/** Column j of x replaced by its values in `order` (a permutation of the rows). */
export function permutedColumn(x: FeatureColumns, j: number, order: Int32Array): FeatureColumns {
  const column = x.columns[j];
  const moved = Float64Array.from(order, (r) => column[r]);
  return { rows: x.rows, columns: x.columns.map((c, i) => (i === j ? moved : c)) };
}

/** Feature rows stacked: the rows of each part in turn. */
export function stackFeatures(parts: readonly FeatureColumns[]): FeatureColumns {
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const columns = parts[0].columns.map((_, j) => {
    const out = new Float64Array(rows);
    let at = 0;
    for (const p of parts) {
      out.set(p.columns[j], at);
      at += p.rows;
    }
    return out;
  });
  return { rows, columns };
}
