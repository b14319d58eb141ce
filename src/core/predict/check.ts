/**
 * Check a prediction file against the model's input schema and training profile before scoring
 * (TFX's ExampleValidator): what would stop scoring, and what a person should know before accepting
 * the predictions. Kinds are read exactly as scoring will read them (conform.ts).
 */
import { conformColumn } from '../table/conform';
import type { CategoricalColumn, Column, ColumnSchema, Table } from '../table/table';
import { findColumn, rowName, withColumns } from '../table/table';
import type { FittedPipeline } from '../pipeline/fitted';
import type { CategoryStats, ColumnStats, NumericStats } from '../table/training-profile';
import { binShares, categoryShares, driftLevel, populationStabilityIndex } from './psi';
import type { PredictionReport } from './report';
import { blockingSentences, warningSentences, type Findings } from './sentences';

/** Unseen categories listed by name per column; the rest are only counted. */
const MAX_LISTED = 20;

function trainedCategories(stats: ColumnStats | undefined, schema: ColumnSchema): string[] | undefined {
  if (stats?.kind === 'categorical' || stats?.kind === 'boolean') return Object.keys(stats.fractions);
  // Files without a training profile still carry the schema's categories.
  return schema.categories;
}

function checkCategories(column: CategoricalColumn, trained: readonly string[], stats: CategoryStats | undefined, findings: Findings) {
  const known = new Set(trained);
  const counts = new Array<number>(column.categories.length).fill(0);
  let present = 0;
  for (const code of column.codes) {
    if (code < 0) continue;
    counts[code]++;
    present++;
  }
  const unseen = column.categories
    .map((value, code) => ({ value, rows: counts[code] }))
    .filter((u) => u.rows > 0 && !known.has(u.value))
    .sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
  if (unseen.length) {
    findings.unseenCategories.push({
      name: column.name,
      values: unseen.slice(0, MAX_LISTED).map((u) => u.value),
      rows: unseen.reduce((sum, u) => sum + u.rows, 0),
      distinct: unseen.length,
    });
  }
  if (stats && stats.count > 0 && present > 0) {
    const expected = [...trained.map((c) => stats.fractions[c]), 0];
    const psi = populationStabilityIndex(expected, categoryShares(column, trained));
    findings.drift.push({ name: column.name, psi, level: driftLevel(psi), values: present });
  }
}

function checkNumbers(values: Float64Array, stats: NumericStats, name: string, findings: Findings) {
  if (stats.count === 0) return;
  let below = 0;
  let above = 0;
  let present = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    present++;
    if (v < stats.min) below++;
    else if (v > stats.max) above++;
  }
  if (below + above > 0) findings.outOfRange.push({ name, min: stats.min, max: stats.max, below, above });
  if (present > 0) {
    const psi = populationStabilityIndex(stats.fractions, binShares(values, stats.edges));
    findings.drift.push({ name, psi, level: driftLevel(psi), values: present });
  }
}

function compareWithTraining(column: Column, schema: ColumnSchema, stats: ColumnStats | undefined, findings: Findings) {
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    const trained = trainedCategories(stats, schema);
    const categoryStats = stats?.kind === 'categorical' || stats?.kind === 'boolean' ? stats : undefined;
    if (trained) checkCategories(column, trained, categoryStats, findings);
  } else if ((column.kind === 'numeric' || column.kind === 'date') && stats?.kind === column.kind) {
    checkNumbers(column.values, stats, column.name, findings);
  }
}

/**
 * The report for `table` against the columns a model reads and their training profile (which may be
 * empty, for model files older than profiles: then ranges and drift are not judged).
 */
export function checkPredictionInput(inputSchema: readonly ColumnSchema[], profile: readonly ColumnStats[], table: Table): PredictionReport {
  const statsByName = new Map(profile.map((s) => [s.name, s]));
  const read = new Set(inputSchema.map((c) => c.name));
  const findings: Findings = {
    rows: table.rowCount,
    missingColumns: [],
    extraColumns: table.columns.filter((c) => !read.has(c.name)).map((c) => c.name),
    kindMismatches: [],
    unseenCategories: [],
    outOfRange: [],
    drift: [],
  };
  for (const schema of inputSchema) {
    const found = findColumn(table, schema.name);
    if (!found) {
      findings.missingColumns.push({ name: schema.name, kind: schema.kind });
      continue;
    }
    const conformed = conformColumn(found, table.rowCount, schema);
    if (found.kind !== schema.kind) {
      const example = 'column' in conformed || conformed.value === undefined ? {} : { example: conformed.value, where: conformed.row === undefined ? undefined : rowName(table, conformed.row) };
      findings.kindMismatches.push({ name: schema.name, expected: schema.kind, found: found.kind, convertible: 'column' in conformed, ...example });
    }
    if ('column' in conformed) compareWithTraining(conformed.column, schema, statsByName.get(schema.name), findings);
  }
  findings.drift.sort((a, b) => b.psi - a.psi);
  return { ...findings, blocking: blockingSentences(findings), warnings: warningSentences(findings, inputSchema) };
}

/**
 * The report for a file to be scored with a fitted pipeline. The target column, when the file has
 * it (scoring the training data, or labelled data for a check), is expected, not an extra column.
 */
export function checkForModel(fitted: FittedPipeline, table: Table): PredictionReport {
  return checkPredictionInput(fitted.inputSchema, fitted.trainingProfile, withColumns(table, [], [fitted.spec.target]));
}
