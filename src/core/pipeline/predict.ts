/**
 * Score new rows with a fitted pipeline: conform, transform with the fitted states, predict.
 * A predictor loads the model once (through the model contract: a network's weights, a kNN's rows,
 * a forest's trees) and then scores each table it is given, so a single record costs milliseconds
 * and a large file can be scored chunk by chunk.
 */
import { filled, range } from '../arrays';
import { argmaxRows } from '../metrics';
import type { ComputeHost, Scorer } from '../models/contract';
import { requireModelKind } from '../models/kinds';
import { conformToSchema } from '../table/conform';
import { rowSpan, takeRows, type Table } from '../table/table';
import { featureColumns } from './features';
import type { FittedPipeline } from './fitted';
import { applySteps } from './transform';

export interface PredictionColumn {
  name: string;
  values: string[] | Float64Array;
}

/** A prediction cell as text: empty where the row was not scored. */
export function predictionText(column: PredictionColumn, row: number): string {
  const v = column.values[row];
  return typeof v === 'number' && Number.isNaN(v) ? '' : String(v);
}

/** `count` rows from `start` of the prediction columns, as text (predictionText), for the predictions viewer. */
export function predictionRows(columns: readonly PredictionColumn[], rowCount: number, start: number, count: number): string[][] {
  const span = rowSpan(start, count, rowCount);
  return Array.from({ length: span.end - span.start }, (_, i) => columns.map((c) => predictionText(c, span.start + i)));
}

export interface Predictor {
  /** Appended columns: `predicted_<target>` and, for classification, `proba_<class>` per class. */
  predict(table: Table): Promise<PredictionColumn[]>;
  /** Releases the loaded model; the predictor cannot be used afterwards. */
  dispose(): void;
}

/** Model outputs (rows × outputs) as the columns a person reads: class and probabilities, or the value. */
function outputColumns(fitted: FittedPipeline, scores: Float32Array | Float64Array, rows: number): PredictionColumn[] {
  const name = `predicted_${fitted.spec.target}`;
  const { classes, targetScale } = fitted.model;
  if (classes) {
    const k = classes.length;
    const best = argmaxRows(scores, k);
    const probabilities = classes.map(() => new Float64Array(rows));
    for (let r = 0; r < rows; r++) for (let c = 0; c < k; c++) probabilities[c][r] = scores[r * k + c];
    const labels = new Array<string>(rows);
    for (let r = 0; r < rows; r++) labels[r] = classes[best[r]];
    return [{ name, values: labels }, ...classes.map((c, i) => ({ name: `proba_${c}`, values: probabilities[i] }))];
  }
  const scale = targetScale ?? { mean: 0, std: 1 };
  return [{ name, values: filled(new Float64Array(rows), (r) => scores[r] * scale.std + scale.mean) }];
}

/** A row filter in the pipeline left some rows unscored: they get empty cells, so columns still line up with the input. */
function alignToInput(columns: PredictionColumn[], rowIds: Int32Array, rowCount: number): PredictionColumn[] {
  return columns.map(({ name, values }) => {
    if (Array.isArray(values)) {
      const out = new Array<string>(rowCount).fill('');
      rowIds.forEach((id, i) => (out[id] = values[i]));
      return { name, values: out };
    }
    const out = new Float64Array(rowCount).fill(NaN);
    rowIds.forEach((id, i) => (out[id] = values[i]));
    return { name, values: out };
  });
}

/** `host`: what the model may use to score besides this thread (a tree ensemble's large batches go to its pool). */
export async function createPredictor(fitted: FittedPipeline, host?: ComputeHost): Promise<Predictor> {
  const kind = requireModelKind(fitted.model.kind);
  const { accepts } = kind;
  let model: Scorer | undefined = await (await kind.implementation()).load(fitted.model.artifacts, fitted.model, host);
  const features = fitted.model.features.map((name) => ({ name, categories: fitted.model.categories?.[name] }));
  return {
    async predict(table) {
      if (!model) throw new Error('This predictor was disposed');
      const input = { ...conformToSchema(table, fitted.inputSchema), rowIds: range(table.rowCount) };
      const prepared = applySteps(input, fitted.steps);
      const n = prepared.rowCount;
      const x = featureColumns(prepared, features, range(n), accepts);
      // tfjs cannot build a tensor with zero rows; an empty file still gets its (empty) columns.
      const scores = n ? await model.score(x) : new Float32Array(0);
      const columns = outputColumns(fitted, scores, n);
      return n === table.rowCount ? columns : alignToInput(columns, prepared.rowIds as Int32Array, table.rowCount);
    },
    dispose() {
      model?.dispose();
      model = undefined;
    },
  };
}

/** One-off scoring: loads the model, scores, releases it. Keep a predictor to score repeatedly. */
export async function predictTable(fitted: FittedPipeline, table: Table, host?: ComputeHost): Promise<PredictionColumn[]> {
  const predictor = await createPredictor(fitted, host);
  try {
    return await predictor.predict(table);
  } finally {
    predictor.dispose();
  }
}

function concatColumns(parts: readonly PredictionColumn[][]): PredictionColumn[] {
  return parts[0].map(({ name, values }, j) => {
    if (Array.isArray(values)) return { name, values: parts.flatMap((p) => p[j].values as string[]) };
    const joined = new Float64Array(parts.reduce((sum, p) => sum + p[j].values.length, 0));
    let offset = 0;
    for (const p of parts) {
      joined.set(p[j].values as Float64Array, offset);
      offset += p[j].values.length;
    }
    return { name, values: joined };
  });
}

/**
 * Score `chunkRows` rows at a time with one event-loop turn between chunks, so that progress is
 * reported and a cancel (through `signal`) lands between chunks. Throws the signal's reason when
 * aborted. The columns equal those of `predictor.predict(table)`.
 */
export async function predictInChunks(
  predictor: Predictor,
  table: Table,
  chunkRows: number,
  onProgress?: (rowsDone: number, totalRows: number) => void,
  signal?: AbortSignal,
): Promise<PredictionColumn[]> {
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new Error(`chunkRows must be a positive whole number, got ${chunkRows}`);
  signal?.throwIfAborted();
  if (table.rowCount === 0) return predictor.predict(table);
  const parts: PredictionColumn[][] = [];
  for (let start = 0; start < table.rowCount; start += chunkRows) {
    const end = Math.min(table.rowCount, start + chunkRows);
    parts.push(await predictor.predict(takeRows(table, filled(new Int32Array(end - start), (i) => start + i))));
    onProgress?.(end, table.rowCount);
    await new Promise((resolve) => setTimeout(resolve, 0));
    signal?.throwIfAborted();
  }
  return concatColumns(parts);
}
