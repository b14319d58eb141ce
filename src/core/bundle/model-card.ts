/** A short Markdown model card that travels inside every model file. */
import { requireModelKind } from '../models/kinds';
import { holdsTrainingRows, modelParams, type FittedPipeline } from '../pipeline/fitted';
import { fairnessLines, findingLines, inputLines, intendedUseLines, limitLines, signOffLines } from './card-sections';

/** The model node's parameters as set in the pipeline (defaults apply to the rest). */
function parameterLine(fitted: FittedPipeline): string {
  const params = Object.entries(modelParams(fitted));
  return params.length ? `Parameters: ${params.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}.` : 'Default parameters.';
}


function perClassLines(fitted: FittedPipeline): string[] {
  if (!fitted.perClass) return [];
  return [
    '## Test metrics per class',
    '| class | precision | recall | F1 | support |',
    '|---|---|---|---|---|',
    ...fitted.perClass.map((c) => `| ${c.class} | ${c.precision.toFixed(4)} | ${c.recall.toFixed(4)} | ${c.f1.toFixed(4)} | ${c.support} |`),
    '',
  ];
}

/** The columns that matter most to the predictions, by the permutation importance in explanations.json. */
function explanationLines(fitted: FittedPipeline): string[] {
  const e = fitted.explanations;
  if (!e) return [];
  const metric = e.metric === 'r2' ? 'R²' : e.metric;
  return [
    '## What drives the predictions',
    `Permutation importance on ${e.rows} ${e.data} (${e.repeats} repeats): how much the test ${metric} (${e.baseline.toFixed(4)}) drops when a column is shuffled.`,
    '| column | drop | ± std |',
    '|---|---|---|',
    ...e.columns.slice(0, 10).map((c) => `| ${c.name} | ${c.mean.toFixed(4)} | ${c.std.toFixed(4)} |`),
    '',
  ];
}

/** The card; what the model file holds for the model is said by the model's kind. */
export async function modelCard(fitted: FittedPipeline): Promise<string> {
  const { spec, model, metrics, lineage } = fitted;
  const kind = requireModelKind(model.kind);
  const inside = (await kind.implementation()).describe(model.artifacts, model);
  const metricLines = Object.entries(metrics).map(([k, v]) => `| ${k} | ${v.toFixed(4)} |`);
  return [
    `# ${spec.name}`,
    '',
    `A model that predicts **${spec.target}** (${spec.task}), made with Pipeline Studio ${lineage.appVersion}.`,
    '',
    '## Model',
    `${kind.title} (\`${model.kind}\`). ${parameterLine(fitted)}`,
    ...inside,
    '',
    ...intendedUseLines(fitted),
    ...inputLines(fitted),
    '## Data',
    `Trained on \`${lineage.datasetName}\` (sha-256 ${lineage.datasetSha256}), seed ${lineage.seed}, backend ${lineage.backend}, ${lineage.createdAt}.`,
    model.classes ? `Classes: ${model.classes.join(', ')}.` : '',
    '',
    '## Test metrics',
    '| metric | value |',
    '|---|---|',
    ...metricLines,
    '',
    ...perClassLines(fitted),
    ...explanationLines(fitted),
    '## Validation gate',
    fitted.gate.checks.length === 0
      ? 'No thresholds were set on the evaluate node.'
      : `${fitted.gate.passed ? 'Passed' : 'Failed'}: ${fitted.gate.checks.map((c) => `${c.metric} ${c.value.toFixed(4)} ${c.op} ${c.threshold} ${c.passed ? '✓' : '✗'}`).join('; ')}.`,
    '',
    ...fairnessLines(fitted),
    // The explanation summary (core/explain, explanations.json) belongs here, between fairness and the data's findings.
    ...findingLines(fitted, holdsTrainingRows(fitted)),
    ...limitLines(fitted),
    ...signOffLines(fitted),
  ].join('\n');
}
