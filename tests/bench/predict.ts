/**
 * Prediction speed of a warm predictor: batch rows/s over a whole table and the latency of one
 * record, for the default logistic-regression pipeline on 20 numeric columns. Figures only; run it
 * on the backend the caller selected (the bench uses the fastest Node one, wasm).
 */
import { median } from './stats';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { createPredictor } from '../../src/core/pipeline/predict';
import { runFirstModel } from '../../src/core/pipeline/run';
import { seededRng } from '../../src/core/random';
import { takeRows, type Column, type Table } from '../../src/core/table/table';

export interface PredictBench {
  batchRowsPerSecond: number;
  singleRowMs: number;
  rows: number;
  features: number;
}

const ROWS = 100_000;
const FEATURES = 20;
const SINGLE_ROW_CALLS = 200;
const WARM_UP_CALLS = 20;

/** Numeric columns with a few missing cells (so impute has work) and a 0/1 label from a linear rule. */
function syntheticTable(rows: number, features: number): Table {
  const rng = seededRng(11);
  const values = Array.from({ length: features }, (_, j) => Float64Array.from({ length: rows }, () => (rng() < 0.01 ? NaN : (rng() - 0.5) * (j + 1))));
  const label = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let z = rng() - 0.5;
    values.forEach((column, j) => {
      if (!Number.isNaN(column[r])) z += ((j % 2 ? 1 : -1) * column[r]) / (j + 1);
    });
    label[r] = z > 0 ? 1 : 0;
  }
  const columns: Column[] = values.map((v, j) => ({ name: `x${j}`, kind: 'numeric', values: v }));
  return { rowCount: rows, columns: [...columns, { name: 'label', kind: 'numeric', values: label }] };
}


export async function benchPredict(): Promise<PredictBench> {
  const table = syntheticTable(ROWS, FEATURES);
  const spec = defaultPipeline('label', 'classification');
  const { fitted } = await runFirstModel(spec, table, { dataset: { name: 'synthetic', sha256: '0'.repeat(64) } });
  const input: Table = { rowCount: ROWS, columns: table.columns.filter((c) => c.name !== 'label') };

  const predictor = await createPredictor(fitted);
  try {
    const batch: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await predictor.predict(input);
      batch.push(performance.now() - started);
    }
    const records = Array.from({ length: SINGLE_ROW_CALLS + WARM_UP_CALLS }, (_, i) => takeRows(input, [i]));
    const single: number[] = [];
    for (const [i, record] of records.entries()) {
      const started = performance.now();
      await predictor.predict(record);
      if (i >= WARM_UP_CALLS) single.push(performance.now() - started);
    }
    return { batchRowsPerSecond: ROWS / (median(batch) / 1000), singleRowMs: median(single), rows: ROWS, features: FEATURES };
  } finally {
    predictor.dispose();
  }
}
