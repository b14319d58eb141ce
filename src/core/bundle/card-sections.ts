/**
 * The model card's governance sections: intended use and limits as people wrote them, the columns
 * the model reads, the fairness report, the data-quality and privacy findings, and the sign-off.
 * Each function gives the Markdown lines of one section.
 */
import type { FairnessReport, OutcomeFairness } from '../fairness/report';
import type { FittedPipeline } from '../pipeline/fitted';

const num = (x: number | null) => (x === null ? 'undefined' : x.toFixed(4));
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const groupName = (report: FairnessReport, values: readonly string[]) => values.map((v, j) => `${report.sensitive[j]} = ${v}`).join(', ');

/** The owner's words, or a plain statement that there are none yet. */
export function intendedUseLines(fitted: FittedPipeline): string[] {
  const written = fitted.governance?.intendedUse.trim();
  return ['## Intended use', written || 'Not stated by the model’s owner (write it in the Models list).', ''];
}

export function inputLines(fitted: FittedPipeline): string[] {
  const leftOut = (fitted.fairness?.sensitive ?? []).filter((c) => !fitted.inputSchema.some((s) => s.name === c));
  return [
    '## Columns the model reads',
    'Rows scored by this model must have these columns: ' + fitted.inputSchema.map((c) => `\`${c.name}\` (${c.kind})`).join(', ') + '.',
    ...(leftOut.length ? [`The sensitive columns ${leftOut.map((c) => `\`${c}\``).join(', ')} are not read by the model; the fairness report groups the test rows by them.`] : []),
    '',
  ];
}

function outcomeTable(report: FairnessReport, outcome: OutcomeFairness): string[] {
  return [
    row(['group', 'rows', 'accuracy', 'selection rate', 'true-positive rate', 'false-positive rate', 'precision']),
    '|---|---|---|---|---|---|---|',
    ...report.groups.map((g, i) => {
      const m = outcome.groups[i].metrics;
      return row([groupName(report, g.values), g.rows, num(g.metrics.accuracy), num(m.selection_rate), num(m.true_positive_rate), num(m.false_positive_rate), num(m.precision)]);
    }),
  ];
}

export function fairnessLines(fitted: FittedPipeline): string[] {
  const report = fitted.fairness;
  if (!report) return ['## Fairness', 'No sensitive columns were marked when this model was trained: its fairness was not assessed.', ''];
  const d = report.disparities;
  const head = `Test rows (${report.rows}) grouped by ${report.sensitive.map((c) => `\`${c}\``).join(', ')}.`;
  if (report.task === 'regression') {
    return [
      '## Fairness',
      head,
      '',
      row(['group', 'rows', 'MAE', 'RMSE']),
      '|---|---|---|---|',
      ...report.groups.map((g) => row([groupName(report, g.values), g.rows, num(g.metrics.mae), num(g.metrics.rmse)])),
      '',
      `MAE difference between groups ${num(d.mae_difference)} (ratio ${num(d.mae_ratio)}); RMSE difference ${num(d.rmse_difference)}.`,
      ...report.notes.map((n) => `- ${n}`),
      '',
    ];
  }
  const outcomes = report.outcomes ?? [];
  const several = outcomes.length > 1;
  return [
    '## Fairness',
    head + (several ? ' Each class in turn counts as selected (one against the rest).' : ` Selected means predicted as \`${outcomes[0]?.class}\`.`),
    '',
    ...outcomes.flatMap((o) => [...(several ? [`### Class ${o.class}`] : []), ...outcomeTable(report, o), '']),
    `Demographic parity difference ${num(d.demographic_parity_difference)}, ratio ${num(d.demographic_parity_ratio)}; equalized odds difference ${num(d.equalized_odds_difference)}` +
      (several ? ' (the worst over the classes).' : '.'),
    ...report.notes.map((n) => `- ${n}`),
    '',
  ];
}

/** How the pipeline treats a column before the model: left out, dropped, hashed, or read as it is. */
export function columnTreatment(fitted: FittedPipeline, column: string): string {
  if (!fitted.inputSchema.some((c) => c.name === column)) return 'not read by the model';
  const state = (kind: string) => fitted.steps.filter((s) => s.kind === kind).map((s) => s.state as Record<string, unknown>);
  const lists = (kind: string, key: string) => state(kind).map((s) => (Array.isArray(s[key]) ? (s[key] as string[]) : []));
  if (lists('drop_columns', 'drop').some((l) => l.includes(column)) || lists('select_columns', 'keep').some((l) => !l.includes(column))) return 'dropped by the pipeline before the model';
  if (lists('hash_columns', 'columns').some((l) => l.includes(column))) return 'replaced by salted SHA-256 hashes before the model';
  return 'read by the model as it is';
}

export function findingLines(fitted: FittedPipeline, keepsTrainingRows: boolean): string[] {
  const findings = fitted.findings;
  const rows = keepsTrainingRows ? ['This model file contains the preprocessed training rows (the model keeps them to predict): whoever has the file has that data.'] : [];
  if (!findings) return ['## Data quality', 'Not recorded (a model file from before the checks).', '', '## Privacy', ...rows, ''];
  const privacy = findings.warnings.filter((w) => w.kind === 'personal_data');
  const quality = findings.warnings.filter((w) => w.kind !== 'personal_data');
  const checked = findings.checkedRows < findings.rows ? ` (checked on ${findings.checkedRows} of ${findings.rows} rows)` : '';
  return [
    '## Data quality',
    quality.length ? `Findings on the training data${checked}:` : `No data-quality findings on the training data${checked}.`,
    ...quality.map((w) => `- ${w.severity}: ${w.message}`),
    '',
    '## Privacy',
    privacy.length ? 'Columns that look like personal data:' : 'No column looks like personal data.',
    ...privacy.flatMap((w) => w.columns.map((c) => `- ${w.message.split('. ')[0]}; ${columnTreatment(fitted, c)}.`)),
    ...rows,
    '',
  ];
}

export function limitLines(fitted: FittedPipeline): string[] {
  const written = fitted.governance?.limits.trim();
  return [
    '## Known limits',
    ...(written ? [written, ''] : []),
    'Values outside the training range and categories never seen in training are not reliable;',
    'unseen categories encode as all zeros. Metrics come from one held-out split.',
    '',
  ];
}

export function signOffLines(fitted: FittedPipeline): string[] {
  const s = fitted.governance?.signOff;
  return ['## Sign-off', s ? `Approved by ${s.by} on ${s.at}.` : 'Not signed off.', ''];
}
