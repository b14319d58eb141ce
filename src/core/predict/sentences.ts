/** The prediction report's findings in words: each sentence names the column and the counts. */
import type { ColumnKind, ColumnSchema } from '../table/table';
import type { PredictionReport } from './report';
import { dateText } from '../table/date-text';

export type Findings = Omit<PredictionReport, 'blocking' | 'warnings'>;

/**
 * Drift is only put into words on at least this many values of a column: PSI on a handful of rows
 * (a single record, a short test file) is large by chance alone. The numbers stay in the report.
 */
export const MIN_DRIFT_VALUES = 100;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

function formatValue(value: number, kind: ColumnKind): string {
  return kind === 'date' ? dateText(value) : String(Number(value.toPrecision(6)));
}

export function blockingSentences(f: Findings): string[] {
  const sentences: string[] = [];
  if (f.rows === 0) sentences.push('The file has no rows to score.');
  if (f.missingColumns.length) {
    const listed = f.missingColumns.map((c) => `"${c.name}" (${c.kind})`).join(', ');
    sentences.push(`The file lacks ${count(f.missingColumns.length, 'column')} the model reads: ${listed}.`);
  }
  for (const m of f.kindMismatches.filter((k) => !k.convertible)) {
    const example = m.example === undefined ? '' : `, e.g. "${m.example}"${m.where ? ` in ${m.where}` : ''}`;
    sentences.push(`Column "${m.name}" was ${m.expected} in training but holds ${m.found} values that cannot be read as ${m.expected}${example}.`);
  }
  return sentences;
}

/** `schema` tells dates from numbers, so that a date range reads as dates. */
export function warningSentences(f: Findings, schema: readonly ColumnSchema[]): string[] {
  const sentences: string[] = [];
  if (f.extraColumns.length) {
    sentences.push(`${count(f.extraColumns.length, 'column')} the model does not read ${f.extraColumns.length === 1 ? 'is' : 'are'} kept unchanged: ${quoted(f.extraColumns)}.`);
  }
  for (const m of f.kindMismatches.filter((k) => k.convertible)) {
    sentences.push(`Column "${m.name}" was read as ${m.found} but was ${m.expected} in training; its values are used as ${m.expected}.`);
  }
  for (const u of f.unseenCategories) {
    const distinct = u.distinct ?? u.values.length;
    const more = distinct > u.values.length ? ` and ${distinct - u.values.length} more` : '';
    sentences.push(
      `Column "${u.name}" has ${count(distinct, 'category', 'categories')} not seen in training (${quoted(u.values)}${more}) in ${count(u.rows, 'row')}; the model reads them as no category.`,
    );
  }
  for (const r of f.outOfRange) {
    const kind = schema.find((c) => c.name === r.name)?.kind ?? 'numeric';
    sentences.push(
      `Column "${r.name}" has ${count(r.below + r.above, 'value')} outside the training range ${formatValue(r.min, kind)} to ${formatValue(r.max, kind)} (${r.below} below, ${r.above} above).`,
    );
  }
  for (const d of f.drift.filter((d) => d.level !== 'none' && (d.values ?? 0) >= MIN_DRIFT_VALUES)) {
    sentences.push(`Column "${d.name}" has drifted from training: PSI ${d.psi.toFixed(2)} (${d.level}).`);
  }
  return sentences;
}
