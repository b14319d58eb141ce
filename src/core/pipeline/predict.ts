/** Score new rows with a fitted pipeline: conform, transform with the fitted states, predict. */
import { argmaxRows } from '../metrics';
import { loadArtifacts } from '../models/artifacts';
import { predictRows } from '../models/train';
import { conformToSchema } from '../table/conform';
import type { Table } from '../table/table';
import { featureMatrix } from './features';
import type { FittedPipeline } from './fitted';
import { applySteps } from './transform';

export interface PredictionColumn {
  name: string;
  values: string[] | Float64Array;
}

/** Appended columns: `predicted_<target>` and, for classification, `proba_<class>` per class. */
export async function predictTable(fitted: FittedPipeline, table: Table): Promise<PredictionColumn[]> {
  const prepared = applySteps(conformToSchema(table, fitted.inputSchema), fitted.steps);
  const rows = Int32Array.from({ length: table.rowCount }, (_, i) => i);
  const { x, features } = featureMatrix(prepared, fitted.model.features, rows);
  const model = await loadArtifacts(fitted.model.artifacts);
  let scores: Float32Array;
  try {
    scores = predictRows(model, x, table.rowCount, features);
  } finally {
    model.dispose();
  }
  const name = `predicted_${fitted.spec.target}`;
  const { classes, targetScale } = fitted.model;
  if (classes) {
    const best = argmaxRows(scores, classes.length);
    return [
      { name, values: Array.from(best, (k) => classes[k]) },
      ...classes.map((c, k) => ({ name: `proba_${c}`, values: Float64Array.from({ length: table.rowCount }, (_, r) => scores[r * classes.length + k]) })),
    ];
  }
  const scale = targetScale ?? { mean: 0, std: 1 };
  return [{ name, values: Float64Array.from(scores, (s) => s * scale.std + scale.mean) }];
}
