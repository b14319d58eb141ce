/** A short Markdown model card that travels inside every model file. */
import type { FittedPipeline } from '../pipeline/fitted';

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
    '## Known limits',
    'Values outside the training range and categories never seen in training are not reliable;',
    'unseen categories encode as all zeros. Metrics come from one held-out split.',
    '',
  ].join('\n');
}
