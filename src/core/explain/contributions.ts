/**
 * Per-row contributions of each source column, the same way for every model kind: a kind's exact
 * contributions where the model contract has them (TreeSHAP for trees, coefficients for linear
 * models), summed from its features back to the source columns; otherwise the sampling estimate,
 * with its standard errors. Reference rows come from the model file's training profile
 * (reference.ts), so a row gets the same contributions in the page, the worker and the CLI.
 */
import type { Contributions } from '../models/contract';
import type { FeatureColumns } from '../models/data';
import { takeRows, type Table } from '../table/table';
import { featureSources, sumBySource } from './lineage';
import { yieldTurn, type Explainable } from './model';
import { referenceRows, referenceText, REFERENCE_ROWS } from './reference';
import { samplingShapley } from './shapley';
import type { ExplainedRows } from './types';

export interface ContributionOptions {
  /** Antithetic pairs per reference row for the sampling estimate. */
  pairsPerReference?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Rows per call of a kind's exact contributions: progress and cancel land between them. */
const EXACT_CHUNK = 256;

function rawOutputs(model: Explainable, link: Contributions['link']): string[] {
  return link === 'logistic' ? [model.outputs[1]] : model.outputs;
}

async function exactContributions(model: Explainable, x: FeatureColumns, reference: Table, options: ContributionOptions): Promise<Contributions> {
  const { implementation, fitted } = model;
  const contributions = implementation.contributions as NonNullable<typeof implementation.contributions>;
  const ref = model.prepare(reference).x;
  const chunks = Math.max(1, Math.ceil(x.rows / EXACT_CHUNK));
  const parts: Contributions[] = [];
  for (let i = 0; i < chunks; i++) {
    const [start, end] = [i * EXACT_CHUNK, Math.min(x.rows, (i + 1) * EXACT_CHUNK)];
    parts.push(await contributions(fitted.model.artifacts, fitted.model, { rows: end - start, columns: x.columns.map((c) => c.subarray(start, end)) }, ref));
    options.onProgress?.(end, x.rows);
    await yieldTurn(options.signal);
  }
  const values = new Float64Array(parts.reduce((n, p) => n + p.values.length, 0));
  let at = 0;
  for (const p of parts) {
    values.set(p.values, at);
    at += p.values.length;
  }
  return { ...parts[0], values };
}

function labels(model: Explainable): Pick<ExplainedRows, 'classes' | 'target'> {
  const { classes } = model.fitted.model;
  return { target: model.fitted.spec.target, ...(classes ? { classes: [...classes] } : {}) };
}

/**
 * Contributions for the rows of `table` (with the model's input columns). Rows a row filter in the
 * pipeline leaves out are not explained (`rowIds` lists those that are).
 */
export async function explainRows(model: Explainable, table: Table, options: ContributionOptions = {}): Promise<ExplainedRows> {
  const { fitted } = model;
  const schema = fitted.inputSchema;
  const names = schema.map((c) => c.name);
  const reference = referenceRows(schema, fitted.trainingProfile, () => model.conform(table), REFERENCE_ROWS, options.seed ?? 0);
  const { x, rowIds } = model.prepare(table);
  const { mean, std } = fitted.model.targetScale ?? { mean: 0, std: 1 };
  if (model.implementation.contributions) {
    const exact = await exactContributions(model, x, reference, options);
    const sources = featureSources(names, fitted.steps, fitted.model.features);
    // A feature whose step did not say where it came from stands for itself, so sums still add up.
    const columns = [...new Set([...names, ...sources.flat()])];
    const scaled = exact.link === 'identity' && std !== 1;
    const featureValues = scaled ? exact.values.map((v) => v * std) : exact.values;
    return {
      method: exact.method,
      reference: exact.baseFrom ?? referenceText(schema, fitted.trainingProfile),
      link: exact.link,
      outputs: rawOutputs(model, exact.link),
      ...labels(model),
      columns,
      rows: x.rows,
      base: scaled ? exact.base.map((b) => b * std + mean) : exact.base,
      values: sumBySource(featureValues, x.rows, exact.width, sources, columns),
      features: { names: [...fitted.model.features], sources, values: featureValues },
      rowIds,
    };
  }
  const sampled = await samplingShapley(model, takeRows(table, rowIds), reference, options);
  return {
    method: `sampling Shapley values (${sampled.pairs} antithetic pairs of column orders)`,
    reference: referenceText(schema, fitted.trainingProfile),
    link: 'identity',
    outputs: model.outputs,
    ...labels(model),
    columns: names,
    rows: x.rows,
    base: sampled.base,
    values: sampled.values,
    error: sampled.error,
    rowIds,
  };
}
