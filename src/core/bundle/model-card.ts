/** A short Markdown model card that travels inside every model file. */
import type { FittedPipeline } from '../pipeline/fitted';

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
    `A ${model.kind.replace(/_/g, ' ')} model that predicts **${spec.target}** (${spec.task}), made with Pipeline Studio ${lineage.appVersion}.`,
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
