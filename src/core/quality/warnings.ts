/**
 * The data-quality warnings a person wants before training, each with its fix as a pipeline edit.
 * Thresholds are named constants below; the target column is only checked for imbalance (and is
 * the reference for leakage).
 */
import type { ColumnDetail, TargetDistribution } from '../profile/types';
import { rowName, sourceLine, type Table } from '../table/table';
import { findDuplicateRows } from './duplicates';
import { LEAKAGE_THRESHOLD, leakageScores } from './leakage';
import { privacyWarnings } from './privacy';
import { findStrayText } from './stray-text';
import type { QualityWarning, WarningExample } from './warning';

/** A column missing in at least this share of rows is mostly missing… */
export const MOSTLY_MISSING = 0.5;
/** …and past this share it is dropped rather than imputed. */
export const DROP_MISSING = 0.95;
/** A categorical column with more categories than this is high-cardinality. */
export const HIGH_CARDINALITY = 30;
/** Extreme imbalance: the rarest class is under this share of the most common one. */
export const IMBALANCE_RATIO = 0.1;

/** An example at table row `row`, named by its file line where the table knows it. */
function example(table: Table, row: number, value: string): WarningExample {
  const line = sourceLine(table, row);
  return line === undefined ? { row, value } : { row, line, value };
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const drop = (column: string) => ({ type: 'step' as const, kind: 'drop_columns', params: { columns: [column] }, label: `Drop ${column}` });

function columnWarnings(table: Table, detail: ColumnDetail, index: number): QualityWarning[] {
  const { name, count, missing, distinct, inferred } = detail;
  const out: QualityWarning[] = [];
  const rows = table.rowCount;
  if (distinct <= 1) {
    const what = count === 0 ? 'every cell is missing' : `every present cell holds "${detail.top?.[0]?.value ?? detail.stats?.min}"`;
    out.push({ id: `constant:${name}`, kind: 'constant', severity: 'high', columns: [name], message: `"${name}" is constant: ${what}. It cannot help a model.`, fix: drop(name) });
    return out;
  }
  if (rows > 0 && missing >= MOSTLY_MISSING * rows) {
    const share = missing / rows;
    const imputable = detail.kind === 'numeric' || detail.kind === 'categorical' || detail.kind === 'boolean';
    const fix =
      share >= DROP_MISSING || !imputable
        ? drop(name)
        : { type: 'step' as const, kind: 'impute', params: { columns: [name], add_indicator: true }, label: `Impute ${name} (with a missing indicator)` };
    out.push({ id: `mostly_missing:${name}`, kind: 'mostly_missing', severity: share >= DROP_MISSING ? 'high' : 'medium', columns: [name], message: `"${name}" is missing in ${pct(share)} of the rows (${missing.toLocaleString('en')} of ${rows.toLocaleString('en')}).`, fix });
  }
  if (inferred.type === 'identifier') {
    out.push({ id: `identifier:${name}`, kind: 'identifier', severity: 'medium', columns: [name], message: `"${name}" looks like an identifier (${inferred.reason}). A model would memorise it rather than learn from it.`, fix: drop(name) });
  }
  if (inferred.suggestKind === 'categorical') {
    out.push({
      id: `numeric_codes:${name}`,
      kind: 'numeric_codes',
      severity: 'low',
      columns: [name],
      message: `"${name}" is numeric but holds ${inferred.reason}. Treating them as numbers imposes an order and spacing they may not have.`,
      fix: { type: 'step', kind: 'cast_kind', params: { column: name, to: 'categorical' }, label: `Cast ${name} to categorical` },
    });
  }
  const stray = findStrayText(table.columns[index]);
  if (stray) {
    const strays = stray.present - stray.numbers;
    out.push({
      id: `stray_text:${name}`,
      kind: 'stray_text',
      severity: 'medium',
      columns: [name],
      message:
        `"${name}" holds numbers except in ${strays.toLocaleString('en')} cell${strays === 1 ? '' : 's'} (${stray.strays.map((s) => `"${s}"`).join(', ')}), so it was read as ${detail.kind}. ` +
        'Read it as numbers with that text as missing, or correct those cells in the file (or add the text to the dataset\'s missing-value tokens) and load it again.',
      examples: stray.examples.map((e) => example(table, e.row, e.value)),
      fix: { type: 'step', kind: 'cast_kind', params: { column: name, to: 'numeric', invalid: 'missing' }, label: `Read ${name} as numbers (stray text → missing)` },
    });
  }
  if (detail.kind === 'categorical' && distinct > HIGH_CARDINALITY && inferred.type !== 'identifier') {
    out.push({
      id: `high_cardinality:${name}`,
      kind: 'high_cardinality',
      severity: 'low',
      columns: [name],
      message: `"${name}" has ${distinct} categories: one-hot encoding would add ${distinct} columns, most of them rare.`,
      fix: { type: 'step', kind: 'target_encode', params: { columns: [name] }, label: `Target-encode ${name}` },
    });
  }
  return out;
}

function imbalanceWarning(target: TargetDistribution): QualityWarning | null {
  const classes = target.classes ?? [];
  if (target.task !== 'classification' || classes.length < 2) return null;
  const most = classes[0];
  const least = classes[classes.length - 1];
  if (least.count >= IMBALANCE_RATIO * most.count) return null;
  return {
    id: `imbalance:${target.name}`,
    kind: 'imbalance',
    severity: 'medium',
    columns: [target.name],
    message: `The target "${target.name}" is imbalanced: "${least.value}" has ${least.count.toLocaleString('en')} rows against ${most.count.toLocaleString('en')} for "${most.value}". Weight the classes, and judge models by balanced accuracy or F1 rather than accuracy.`,
    fix: { type: 'model_param', param: 'class_weight', value: 'balanced', label: 'Use balanced class weights' },
  };
}

export function qualityWarnings(table: Table, details: readonly ColumnDetail[], target?: TargetDistribution): QualityWarning[] {
  const out: QualityWarning[] = [];
  table.columns.forEach((column, i) => {
    if (column.name !== target?.name) out.push(...columnWarnings(table, details[i], i));
  });
  out.push(...privacyWarnings(table, target?.name));
  const duplicates = findDuplicateRows(table);
  if (duplicates.count > 0) {
    out.push({
      id: 'duplicates',
      kind: 'duplicates',
      severity: duplicates.count >= 0.01 * table.rowCount ? 'medium' : 'low',
      columns: [],
      message: `${duplicates.count.toLocaleString('en')} row${duplicates.count === 1 ? ' repeats' : 's repeat'} an earlier row exactly. Duplicates weigh twice in training and can sit on both sides of the train/test split.`,
      examples: duplicates.examples.map((d) => example(table, d.row, `same as ${rowName(table, d.of)}`)),
      fix: { type: 'step', kind: 'drop_duplicates', params: {}, label: 'Drop duplicate rows' },
    });
  }
  if (target) {
    const imbalance = imbalanceWarning(target);
    if (imbalance) out.push(imbalance);
    for (const leak of leakageScores(table, details, target.name, target.task)) {
      if (leak.score < LEAKAGE_THRESHOLD) break;
      out.push({
        id: `leakage:${leak.column}`,
        kind: 'leakage',
        severity: 'high',
        columns: [leak.column],
        message: `"${leak.column}" alone predicts the target "${target.name}" with ${leak.metric} ${leak.score.toFixed(3)} on held-out rows (threshold ${LEAKAGE_THRESHOLD}). A column this telling is often the answer in disguise, known only after the fact.`,
        fix: drop(leak.column),
      });
    }
  }
  const order = { high: 0, medium: 1, low: 2 };
  return out.sort((a, b) => order[a.severity] - order[b.severity]);
}
