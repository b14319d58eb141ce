/**
 * `studio fairness MODEL.pstudio --data FILE.csv --sensitive COL[,COL] [--json]`: score a labelled
 * file with a model and print its fairness report: the figures per group of the sensitive columns
 * and the disparities between groups (core/fairness), as the Results view shows them.
 */
import { parseArgs } from 'node:util';
import { readBundle } from '../core/bundle/bundle';
import { skippedRows, skippedRowsMessage } from '../core/csv/skipped';
import { fairnessReport, type FairnessReport } from '../core/fairness/report';
import type { FittedPipeline } from '../core/pipeline/fitted';
import { predictTable, type PredictionColumn } from '../core/pipeline/predict';
import { checkForModel } from '../core/predict/check';
import { cellText, findColumn, isMissing, type Column, type Table } from '../core/table/table';
import { useFastestNodeBackend } from './backend';
import { openFile, readCsvFile } from './data-file';
import { UsageError } from './usage';

/** Labelled, scored rows: the file's row positions, and per row the true and predicted class index or value. */
function scoredRows(fitted: FittedPipeline, table: Table, target: Column, predicted: PredictionColumn) {
  const classes = fitted.model.classes;
  const rows: number[] = [];
  const actual: number[] = [];
  const answer: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const p = predicted.values[r];
    if (isMissing(target, r) || p === '' || (typeof p === 'number' && Number.isNaN(p))) continue;
    rows.push(r);
    if (classes) {
      // A class the model never saw is no class it can predict: every prediction for it is wrong.
      actual.push(classes.indexOf(cellText(target, r)));
      answer.push(classes.indexOf(String(p)));
    } else {
      actual.push(Number(cellText(target, r)));
      answer.push(p as number);
    }
  }
  return { rows, actual, predicted: answer };
}

const fmt = (x: number | null) => (x === null ? 'undefined' : x.toFixed(4));

function text(report: FairnessReport, heading: string): string {
  const lines = [heading];
  const table = (header: string[], body: (string | number)[][]) => {
    const all = [header, ...body.map((r) => r.map(String))];
    const widths = header.map((_, j) => Math.max(...all.map((r) => r[j].length)));
    return all.map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('  '));
  };
  const name = (values: string[]) => values.join(', ');
  if (report.task === 'regression') {
    lines.push(...table(['group', 'rows', 'mae', 'rmse'], report.groups.map((g) => [name(g.values), g.rows, fmt(g.metrics.mae), fmt(g.metrics.rmse)])));
  }
  for (const o of report.outcomes ?? []) {
    lines.push('', `selected: ${o.class}${(report.outcomes?.length ?? 0) > 1 ? ' (one against the rest)' : ''}`);
    const keys = ['selection_rate', 'true_positive_rate', 'false_positive_rate', 'precision'];
    lines.push(...table(['group', 'rows', 'accuracy', ...keys], report.groups.map((g, i) => [name(g.values), g.rows, fmt(g.metrics.accuracy), ...keys.map((k) => fmt(o.groups[i].metrics[k]))])));
  }
  lines.push('', ...Object.entries(report.disparities).map(([k, v]) => `${k.replaceAll('_', ' ')}: ${fmt(v)}`), ...report.notes.map((n) => `note: ${n}`), '');
  return lines.join('\n');
}

export async function fairness(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { data: { type: 'string' }, sensitive: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('fairness needs exactly one model file');
  if (!values.data || !values.sensitive) throw new UsageError('fairness needs --data FILE.csv and --sensitive COL[,COL]');
  const names = [...new Set(values.sensitive.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  if (names.length === 0) throw new UsageError('--sensitive needs at least one column name');
  const bytes = new Uint8Array(await (await openFile(positionals[0], 'model file')).arrayBuffer());
  const { fitted, manifest } = await readBundle(bytes).catch((e: Error) => {
    throw new Error(`${positionals[0]}: ${e.message}`, { cause: e });
  });
  const { table, errors } = await readCsvFile(values.data);
  const columns = table.columns.map((c) => c.name).join(', ');
  const { target } = fitted.spec;
  for (const name of names) {
    if (!findColumn(table, name)) throw new UsageError(`--sensitive: ${values.data} has no column "${name}"; its columns are ${columns}`);
    if (name === target) throw new UsageError(`--sensitive: "${name}" is the model's target; name the columns whose groups to compare`);
  }
  const targetColumn = findColumn(table, target);
  if (!targetColumn) throw new UsageError(`${values.data} has no column "${target}", the model's target: the report compares the predictions with it; its columns are ${columns}`);
  if (errors.length) process.stderr.write(`warning: ${skippedRowsMessage(values.data, skippedRows(errors))} (they are not in the report)\n`);
  const check = checkForModel(fitted, table);
  if (check.blocking.length) throw new Error(`${values.data}: cannot score this file: ${check.blocking.join(' ')}`);
  await useFastestNodeBackend();
  const [predicted] = await predictTable(fitted, table);
  const scored = scoredRows(fitted, table, targetColumn, predicted);
  if (scored.rows.length === 0) throw new Error(`${values.data}: no row has both a value of "${target}" and a prediction`);
  const report = fairnessReport({ task: fitted.spec.task, classes: fitted.model.classes, columns: names.map((n) => findColumn(table, n) as Column), ...scored });
  const leftOut = table.rowCount - scored.rows.length;
  const out = { model: manifest.name, data: values.data, left_out_rows: leftOut, ...report };
  if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
  else process.stdout.write(text(report, `${manifest.name} on ${values.data}: ${report.rows} rows by ${names.join(', ')} (${report.groups.length} groups)${leftOut ? `; ${leftOut} rows without a value of ${target} or a prediction left out` : ''}`));
}
