/** A short Markdown model card that travels inside every model file. */
import { isStateModelKind } from '../models/model';
import { findModelKind } from '../models/registry';
import type { FittedPipeline } from '../pipeline/fitted';

/** The model node's parameters as set in the pipeline (defaults apply to the rest). */
function parameterLine(fitted: FittedPipeline): string {
  const node = fitted.spec.nodes.find((n) => n.kind === fitted.model.kind);
  const params = Object.entries(node?.params ?? {});
  return params.length ? `Parameters: ${params.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}.` : 'Default parameters.';
}

/** A state model carries its training rows (k-nearest neighbours): whoever has the file has them. */
function stateLines(fitted: FittedPipeline): string[] {
  const kind = findModelKind(fitted.model.kind);
  if (!kind || !isStateModelKind(kind)) return [];
  return [
    `This model keeps its preprocessed training rows in \`model/${kind.stateFile}.bin\`: share the file only with those who may see that data.`,
    'It is not a TensorFlow.js network; Pipeline Studio (browser or CLI) scores it.',
  ];
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

export function modelCard(fitted: FittedPipeline): string {
  const { spec, model, metrics, lineage } = fitted;
  const metricLines = Object.entries(metrics).map(([k, v]) => `| ${k} | ${v.toFixed(4)} |`);
  return [
    `# ${spec.name}`,
    '',
    `A model that predicts **${spec.target}** (${spec.task}), made with Pipeline Studio ${lineage.appVersion}.`,
    '',
    '## Model',
    `${findModelKind(model.kind)?.title ?? model.kind} (\`${model.kind}\`). ${parameterLine(fitted)}`,
    ...stateLines(fitted),
    '',
    '## Intended use',
    `Scoring rows shaped like the training data: the columns ${fitted.inputSchema.map((c) => `\`${c.name}\``).join(', ')}.`,
    '',
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
    '## Validation gate',
    fitted.gate.checks.length === 0
      ? 'No thresholds were set on the evaluate node.'
      : `${fitted.gate.passed ? 'Passed' : 'Failed'}: ${fitted.gate.checks.map((c) => `${c.metric} ${c.value.toFixed(4)} ${c.op} ${c.threshold} ${c.passed ? '✓' : '✗'}`).join('; ')}.`,
    '',
    '## Known limits',
    'Values outside the training range and categories never seen in training are not reliable;',
    'unseen categories encode as all zeros. Metrics come from one held-out split.',
    '',
  ].join('\n');
}
